package io.logpipe.bootstrap.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.logpipe.bootstrap.KeysCli;
import io.logpipe.bootstrap.LogpipeApplication;
import io.logpipe.bootstrap.LogpipeConfiguration;
import io.logpipe.bootstrap.TestConfig;
import io.logpipe.bootstrap.TestDirectories;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real Prometheus scrapes a running logpipe: the pipeline's counters reach it and move with the traffic, and every
 * metric and label that the alert rules and the Grafana dashboard in {@code ops/} select is in the scrape, so neither
 * file watches a series that does not exist. Runs in embedded mode, the only one with the data-directory disk gauges.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PrometheusScrapeIT {
    /** Relative to the bootstrap module, where the tests run. */
    private static final Path ALERT_RULES = Path.of("../ops/prometheus/alerts.yml");
    private static final Path DASHBOARD = Path.of("../ops/grafana/logpipe.json");
    /** Prometheus adds instance and job to every series it scrapes; le is a histogram bucket's bound. */
    private static final Set<String> LABELS_NOT_FROM_LOGPIPE = Set.of("instance", "job", "le");
    private static final int BATCH = 200;
    private static final Duration SCRAPE_LIMIT = Duration.ofSeconds(60);

    private static final Path DATA = TestDirectories.createDeletedOnExit("logpipe-scrape-");
    /** The query cache on, as config.yml has it, so that its counters exist. */
    private static final Path CONFIG = TestConfig.writeEmbedded(DATA, "  cache:\n    ttl: 5s");
    private static final DropwizardAppExtension<LogpipeConfiguration> APP =
            new DropwizardAppExtension<>(LogpipeApplication.class, CONFIG.toString());
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static PrometheusServer prometheus;
    private static String key;

    @BeforeAll
    static void createAKey() throws Exception {
        key = KeysCli.createKey(CONFIG, "scrape-" + UUID.randomUUID().toString().substring(0, 8), "ingest,query");
    }

    @AfterAll
    static void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void acceptedAndWrittenCountersRiseInPrometheusByTheIngestedBatch() {
        double acceptedBefore = scrapedValue("sum(logpipe_entries_accepted_total)");
        double writtenBefore = scrapedValue("sum(logpipe_entries_written_total)");

        assertThat(ingest(BATCH)).isEqualTo(202);

        awaitSeries("sum(logpipe_entries_accepted_total) >= " + (acceptedBefore + BATCH));
        awaitSeries("sum(logpipe_entries_written_total) >= " + (writtenBefore + BATCH));
    }

    @Test
    void aQueryIsTimedUnderItsRouteInPrometheus() {
        assertThat(query()).isEqualTo(200);

        awaitSeries("logpipe_http_request_duration_seconds_count{endpoint=\"/query\"} > 0");
    }

    @Test
    void everyMetricAndLabelTheAlertRulesAndTheDashboardSelectIsScraped() {
        assertOpsFilesExist();
        Map<String, Set<String>> selected = new TreeMap<>();
        PromQlNames.addAll(selected, OpsFiles.metricsInAlertRules(ALERT_RULES));
        PromQlNames.addAll(selected, OpsFiles.metricsInDashboard(DASHBOARD));
        assertThat(selected).as("metrics selected in %s and %s", ALERT_RULES, DASHBOARD).isNotEmpty();
        // Some series appear only once a request or a write has made them (a status code, a route, a batch size):
        // make one of each kind, and wait for a scrape that started after them.
        double writtenBefore = scrapedValue("sum(logpipe_entries_written_total)");
        assertThat(ingest(1)).isEqualTo(202);
        assertThat(query()).isEqualTo(200);
        awaitSeries("sum(logpipe_entries_written_total) > " + writtenBefore);
        awaitSeries("timestamp(up{job=\"logpipe\"}) * 1000 > " + Instant.now().toEpochMilli());

        Set<String> scraped = prometheus().metricNames();
        List<String> missingMetrics = new ArrayList<>();
        List<String> missingLabels = new ArrayList<>();
        selected.forEach((metric, labels) -> {
            if (!scraped.contains(metric)) {
                missingMetrics.add(metric);
                return;
            }
            Set<String> carried = prometheus().labelNames(metric);
            labels.stream()
                    .filter(label -> !LABELS_NOT_FROM_LOGPIPE.contains(label) && !carried.contains(label))
                    .forEach(label -> missingLabels.add(metric + "{" + label + "}"));
        });

        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(missingMetrics)
                    .as("metrics %s and %s select that the scrape of logpipe lacks", ALERT_RULES, DASHBOARD)
                    .isEmpty();
            softly.assertThat(missingLabels)
                    .as("labels %s and %s match on that logpipe's series of that metric lack", ALERT_RULES, DASHBOARD)
                    .isEmpty();
        });
    }

    @Test
    void prometheusEvaluatesEveryAlertRuleWithoutError() {
        assertOpsFilesExist();

        List<JsonNode> rules = await("Prometheus to evaluate every rule in " + ALERT_RULES + " (its log: "
                + prometheus().log() + ")")
                .atMost(SCRAPE_LIMIT)
                .until(PrometheusScrapeIT::loadedRules,
                        loaded -> !loaded.isEmpty()
                                && loaded.stream().noneMatch(rule -> health(rule).equals("unknown")));

        assertThat(rules).filteredOn(rule -> !health(rule).equals("ok"))
                .extracting(rule -> rule.path("name").asText() + ": " + rule.path("lastError").asText())
                .as("rules in %s whose evaluation failed", ALERT_RULES)
                .isEmpty();
    }

    /**
     * Started by the first test that asks, not before all of them: where Prometheus is not installed, each test is
     * then reported skipped with the reason, which a skip of the whole class would not show.
     */
    private static PrometheusServer prometheus() {
        if (prometheus == null) {
            prometheus = PrometheusServer.scraping(APP.getAdminPort(), ALERT_RULES);
        }
        return prometheus;
    }

    /** Fails, rather than checking nothing, while the operations files have not been written. */
    private static void assertOpsFilesExist() {
        assertThat(Stream.of(ALERT_RULES, DASHBOARD).filter(file -> !Files.isRegularFile(file)))
                .as("operations files this test checks, relative to %s", Path.of("").toAbsolutePath())
                .isEmpty();
    }

    private static List<JsonNode> loadedRules() {
        return StreamSupport.stream(prometheus().ruleGroups().spliterator(), false)
                .flatMap(group -> StreamSupport.stream(group.path("rules").spliterator(), false))
                .toList();
    }

    private static String health(JsonNode rule) {
        return rule.path("health").asText();
    }

    /** The single value {@code promql} yields once Prometheus has a sample for it. */
    private static double scrapedValue(String promql) {
        return Double.parseDouble(awaitSeries(promql).get(0).path("value").get(1).asText());
    }

    private static JsonNode awaitSeries(String promql) {
        return await("Prometheus to answer " + promql + " with a series (its log: " + prometheus().log() + ")")
                .atMost(SCRAPE_LIMIT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> prometheus().query(promql), result -> !result.isEmpty());
    }

    private static int ingest(int entries) {
        String batch = IntStream.range(0, entries)
                .mapToObj(i -> "{\"service\":\"scrape\",\"level\":\"info\",\"message\":\"entry " + i + "\"}")
                .collect(Collectors.joining(",", "[", "]"));
        return send(HttpRequest.newBuilder(application("/ingest"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch)));
    }

    private static int query() {
        return send(HttpRequest.newBuilder(application("/query?service=scrape")).GET());
    }

    private static URI application(String path) {
        return URI.create("http://127.0.0.1:" + APP.getLocalPort() + path);
    }

    private static int send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.header("Authorization", "Bearer " + key).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new AssertionError("cannot reach logpipe", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
