package io.logpipe.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an operator scrapes and polls: request latency by route template, pools, Jetty threads, health checks and the
 * build as Prometheus series, readiness on the application port, and the startup line in the log.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OperationsMetricsIT {
    private static final Path DATA = TestDirectories.createDeletedOnExit("logpipe-operations-");
    private static final Path APPLICATION_LOG = DATA.resolve("application.log");
    private static final Path CONFIG = TestConfig.writeWithLogFiles(DATA, "text", APPLICATION_LOG,
            DATA.resolve("requests.log"));
    private static final DropwizardAppExtension<LogpipeConfiguration> APP =
            new DropwizardAppExtension<>(LogpipeApplication.class, CONFIG.toString());
    /** A metric name as Prometheus allows it. */
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private static Api api;
    private static String key;

    @BeforeAll
    static void createKey() throws Exception {
        api = new Api(APP);
        key = KeysCli.createKey(CONFIG, "operations-" + UUID.randomUUID().toString().substring(0, 8),
                "ingest,query,admin");
    }

    @Test
    void requestLatencyIsRecordedByMethodRouteTemplateAndStatusClass() {
        String keyId = "0123456789abcdef";
        assertThat(api.post("/ingest", key, "{\"service\": \"ops\", \"level\": \"info\", \"message\": \"m\"}")
                .status()).isEqualTo(202);
        assertThat(api.get("/query?service=ops", key).status()).isEqualTo(200);
        assertThat(api.delete("/admin/keys/" + keyId, key).status()).isEqualTo(404);
        assertThat(api.get("/no/such/path/" + keyId, key).status()).isEqualTo(404);
        assertThat(api.post("/ingest", null, "{}").status()).isEqualTo(401);

        assertThat(requests("POST", "/ingest", "2xx")).isGreaterThanOrEqualTo(1);
        assertThat(requests("GET", "/query", "2xx")).isGreaterThanOrEqualTo(1);
        assertThat(requests("DELETE", "/admin/keys/{key_id}", "4xx")).isGreaterThanOrEqualTo(1);
        assertThat(requests("GET", "other", "4xx")).isGreaterThanOrEqualTo(1);
        assertThat(requests("POST", "/ingest", "4xx")).as("a refused key is timed under its route")
                .isGreaterThanOrEqualTo(1);
        assertThat(scrape()).as("no label holds a path a client chose").doesNotContain(keyId);
    }

    @Test
    void poolsThreadsHealthAndBuildAreSeries() {
        assertThat(Metrics.value(APP, "logpipe_db_pool_max_connections", "pool=\"postgres\"")).isPositive();
        assertThat(Metrics.value(APP, "logpipe_db_pool_max_connections", "pool=\"postgres-worker\"")).isPositive();
        assertThat(Metrics.value(APP, "logpipe_redis_pool_max_connections")).isPositive();
        assertThat(Metrics.value(APP, "jetty_threads_max", "pool=\"application\"")).isPositive();
        assertThat(Metrics.value(APP, "jetty_threads_max", "pool=\"admin\"")).isPositive();
        for (String check : List.of("postgres", "redis", "worker", "deadlocks")) {
            assertThat(Metrics.value(APP, "logpipe_health_check_healthy", "check=\"" + check + "\""))
                    .as("health check %s", check).isEqualTo(1);
        }
        BuildInfo build = BuildInfo.current();
        assertThat(build.version()).isNotEqualTo("unknown");
        assertThat(Metrics.value(APP, "logpipe_build_info",
                "version=\"" + build.version() + "\",commit=\"" + build.commit() + "\"")).isEqualTo(1);
        assertThat(Metrics.value(APP, "jvm_memory_bytes_used", "area=\"heap\"")).isPositive();
        assertThat(Metrics.value(APP, "process_cpu_seconds_total")).isPositive();
    }

    @Test
    void workerCyclesMoveWhileTheWorkerRuns() {
        double before = Metrics.value(APP, "logpipe_worker_cycles_total");
        await().atMost(Duration.ofSeconds(15)).until(() -> Metrics.value(APP, "logpipe_worker_cycles_total") > before);
        assertThat(Metrics.value(APP, "logpipe_worker_threads")).isPositive();
    }

    @Test
    void everySeriesFollowsPrometheusNamingAndNoneIsACreatedTimestamp() {
        List<String> lines = scrape().lines().toList();
        List<String> names = lines.stream().filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0]).distinct().toList();
        assertThat(names).isNotEmpty().allMatch(name -> METRIC_NAME.matcher(name).matches())
                .noneMatch(name -> name.endsWith("_created"));
        List<String> counters = lines.stream().filter(line -> line.startsWith("# TYPE ") && line.endsWith(" counter"))
                .map(line -> line.split(" ")[2]).toList();
        assertThat(counters).contains("logpipe_entries_accepted_total").allMatch(name -> name.endsWith("_total"));
    }

    @Test
    void readinessAndLivenessAnswerOnTheApplicationPort() {
        assertThat(api.get("/health-check?type=ready", null).status()).isEqualTo(200);
        assertThat(api.get("/health-check?type=alive", null).status()).isEqualTo(200);
    }

    @Test
    void theStartupLineNamesVersionRolesPortsServersPartitionsAndWorkerThreads() throws Exception {
        String line = Files.readAllLines(APPLICATION_LOG).stream().filter(l -> l.contains("StartupSummary"))
                .findFirst().orElseThrow();
        assertThat(line).contains("logpipe " + BuildInfo.current() + " started", "roles api,worker",
                "application 0.0.0.0:" + APP.getLocalPort(), "admin ", ":" + APP.getAdminPort(),
                "database: " + APP.getConfiguration().getDatabase().describe(),
                "queue: " + APP.getConfiguration().getRedis().describe(), "1 partition(s)",
                APP.getConfiguration().getWorker().getThreads() + " drain thread(s)");
    }

    private static double requests(String method, String endpoint, String statusClass) {
        return Metrics.value(APP, "logpipe_http_request_duration_seconds_count",
                "method=\"" + method + "\",endpoint=\"" + endpoint + "\",status_class=\"" + statusClass + "\"");
    }

    private static String scrape() {
        return APP.client().target("http://localhost:" + APP.getAdminPort() + "/metrics").request().get(String.class);
    }
}
