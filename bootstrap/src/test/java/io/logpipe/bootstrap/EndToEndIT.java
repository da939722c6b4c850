package io.logpipe.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole path through HTTP: key from the CLI, ingest, queue, worker, store, query. */
@ExtendWith(DropwizardExtensionsSupport.class)
class EndToEndIT {
    private static final Path DATA = TestDirectories.createDeletedOnExit("logpipe-e2e-");
    private static final Path CONFIG = TestConfig.write(DATA);
    private static final DropwizardAppExtension<LogpipeConfiguration> APP =
            new DropwizardAppExtension<>(LogpipeApplication.class, CONFIG.toString());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL_LIMIT = Duration.ofSeconds(15);

    private static String tenantA;
    private static String keyA;
    private static String keyB;

    @BeforeAll
    static void createKeysWhileTheServerRuns() throws Exception {
        tenantA = "tenant-a-" + shortId();
        keyA = KeysCli.createKey(CONFIG, tenantA, "ingest,query");
        keyB = KeysCli.createKey(CONFIG, "tenant-b-" + shortId(), "ingest,query");
    }

    @Test
    void keysCreatePrintsTheKeyAsJsonOnItsLastLine() throws Exception {
        JsonNode printed = KeysCli.createKeyJson(CONFIG, tenantA, "ingest,query,admin");

        assertThat(printed.get("key").asText()).startsWith("lp_" + printed.get("key_id").asText() + "_");
        assertThat(printed.get("tenant").asText()).isEqualTo(tenantA);
        assertThat(printed.get("roles")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("admin", "ingest", "query");
    }

    @Test
    void ingestedEntryComesBackFromQueryWithEveryFieldIntact() throws Exception {
        String service = "checkout-" + shortId();
        Instant timestamp = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MICROS);
        String entry = """
                {"timestamp": "%s", "service": "%s", "level": "error", "message": "payment timeout",
                 "attributes": {"order": {"id": 42, "items": ["a", "b"]}, "retry": true, "note": null},
                 "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736", "span_id": "00f067aa0ba902b7", "host": "web-1"}
                """.formatted(timestamp, service);

        IngestClient.Answer accepted = post("/ingest/", keyA, entry);
        assertThat(accepted.status()).isEqualTo(202);
        JsonNode receipt = accepted.json();
        assertThat(receipt.get("accepted").asInt()).isEqualTo(1);
        String id = receipt.get("ids").get(0).asText();

        JsonNode found = pollQuery("/query/?service=" + service, keyA, entries -> entries.size() == 1).get(0);
        assertThat(found.get("id").asText()).isEqualTo(id);
        assertThat(Instant.parse(found.get("timestamp").asText())).isEqualTo(timestamp);
        assertThat(found.get("timestamp").asText()).endsWith("Z");
        assertThat(Instant.parse(found.get("received_at").asText())).isAfter(timestamp);
        assertThat(found.get("service").asText()).isEqualTo(service);
        assertThat(found.get("level").asText()).isEqualTo("error");
        assertThat(found.get("message").asText()).isEqualTo("payment timeout");
        assertThat(found.get("attributes")).isEqualTo(JSON.readTree(
                "{\"order\": {\"id\": 42, \"items\": [\"a\", \"b\"]}, \"retry\": true, \"note\": null}"));
        assertThat(found.get("trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(found.get("span_id").asText()).isEqualTo("00f067aa0ba902b7");
        assertThat(found.get("host").asText()).isEqualTo("web-1");
    }

    @Test
    void requestsWithoutAValidKeyGet401WithAJsonBody() throws Exception {
        Response withoutKey = client("/query/").get();
        Response withBadKey = client("/ingest").header("X-API-Key", "lp_0000000000000000_" + "x".repeat(43))
                .post(Entity.entity("{\"service\":\"s\",\"level\":\"info\",\"message\":\"m\"}",
                        MediaType.APPLICATION_JSON));

        for (Response response : new Response[] {withoutKey, withBadKey}) {
            assertThat(response.getStatus()).isEqualTo(401);
            JsonNode body = JSON.readTree(response.readEntity(String.class));
            assertThat(body.get("code").asInt()).isEqualTo(401);
            assertThat(body.get("message").asText()).isNotBlank();
            assertThat(body.get("errors").isArray()).isTrue();
        }
    }

    @Test
    void aTenantNeverSeesAnotherTenantsEntries() throws Exception {
        String service = "shared-name-" + shortId();
        String entry = "{\"service\":\"" + service + "\",\"level\":\"info\",\"message\":\"from %s\"}";
        assertThat(post("/ingest", keyA, entry.formatted("a")).status()).isEqualTo(202);
        assertThat(post("/ingest", keyB, entry.formatted("b")).status()).isEqualTo(202);

        JsonNode seenByA = pollQuery("/query?service=" + service, keyA, entries -> entries.size() >= 1);
        JsonNode seenByB = pollQuery("/query?service=" + service, keyB, entries -> entries.size() >= 1);

        assertThat(seenByA).hasSize(1);
        assertThat(seenByA.get(0).get("message").asText()).isEqualTo("from a");
        assertThat(seenByB).hasSize(1);
        assertThat(seenByB.get(0).get("message").asText()).isEqualTo("from b");
    }

    @Test
    void healthChecksReportPostgresRedisAndWorkerHealthy() throws Exception {
        Response response = APP.client().target("http://localhost:" + APP.getAdminPort() + "/healthcheck")
                .request().get();

        JsonNode health = JSON.readTree(response.readEntity(String.class));
        assertThat(response.getStatus()).isEqualTo(200);
        for (String check : new String[] {"postgres", "redis", "worker"}) {
            assertThat(health.get(check).get("healthy").asBoolean()).as(check).isTrue();
        }
    }

    @Test
    void metricsCountEntriesAcceptedAndWritten() throws Exception {
        double acceptedBefore = metric("logpipe_entries_accepted_total");
        double writtenBefore = metric("logpipe_entries_written_total");
        String service = "metered-" + shortId();

        String batch = "[{\"service\":\"%1$s\",\"level\":\"info\",\"message\":\"one\"},"
                + "{\"service\":\"%1$s\",\"level\":\"warn\",\"message\":\"two\"}]";
        assertThat(post("/ingest", keyA, batch.formatted(service)).status()).isEqualTo(202);
        pollQuery("/query?service=" + service, keyA, entries -> entries.size() == 2);

        assertThat(metric("logpipe_entries_accepted_total")).isGreaterThanOrEqualTo(acceptedBefore + 2);
        assertThat(metric("logpipe_entries_written_total")).isGreaterThanOrEqualTo(writtenBefore + 2);
        assertThat(metric("logpipe_queue_oldest_pending_age_seconds")).isGreaterThanOrEqualTo(0);
    }

    @Test
    void invalidEntriesAreRejectedWholeWithA422NamingEachProblem() throws Exception {
        String service = "rejected-" + shortId();
        String batch = "[{\"service\":\"%1$s\",\"level\":\"info\",\"message\":\"fine\"},"
                + "{\"service\":\"%1$s\",\"level\":\"loud\",\"message\":\"bad level\"}]";

        IngestClient.Answer response = post("/ingest", keyA, batch.formatted(service));

        assertThat(response.status()).isEqualTo(422);
        JsonNode body = response.json();
        assertThat(body.get("errors").toString()).contains("[1]").contains("level");
        // The queue is first in, first out: once an entry sent after the rejected batch is stored, anything the
        // batch had queued would be stored too.
        assertThat(post("/ingest", keyA, "{\"service\":\"%s\",\"message\":\"sentinel\"}".formatted(service))
                .status()).isEqualTo(202);
        JsonNode stored = pollQuery("/query?service=" + service, keyA, entries -> entries.size() >= 1);
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).get("message").asText()).isEqualTo("sentinel");
    }

    @Test
    void fiftyThousandEntriesAsGzipNdjsonAllComeBackExactlyOnce() throws Exception {
        String service = "bulk-" + shortId();
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            ndjson.append("{\"service\":\"").append(service).append("\",\"message\":\"entry ").append(i)
                    .append("\",\"attributes\":{\"n\":").append(i).append("}}\n");
        }
        IngestClient ingest = new IngestClient(APP.getLocalPort(), keyA);

        java.util.Set<String> answered = new java.util.HashSet<>();
        // 10,000 entries is the most one request may hold.
        String[] lines = ndjson.toString().split("\n");
        for (int from = 0; from < lines.length; from += 10_000) {
            String part = String.join("\n", java.util.Arrays.copyOfRange(lines, from, from + 10_000)) + "\n";
            IngestClient.Answer answer = ingest.post("application/x-ndjson",
                    IngestClient.gzip(part.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    "Content-Encoding", "gzip");
            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
            answer.json().get("ids").forEach(id -> answered.add(id.asText()));
        }
        assertThat(answered).hasSize(50_000);

        java.util.List<String> stored = pollAllPages("/query?limit=1000&service=" + service, 50_000);
        assertThat(stored).hasSize(50_000).doesNotHaveDuplicates();
        assertThat(new java.util.HashSet<>(stored)).isEqualTo(answered);
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyIsStoredOnce() throws Exception {
        String service = "retried-" + shortId();
        String body = "[{\"service\":\"%1$s\",\"message\":\"one\"},{\"service\":\"%1$s\",\"message\":\"two\"}]"
                .formatted(service);
        IngestClient ingest = new IngestClient(APP.getLocalPort(), keyA);

        IngestClient.Answer first = ingest.postJson(body, "Idempotency-Key", "order-" + service);
        IngestClient.Answer retry = ingest.postJson(body, "Idempotency-Key", "order-" + service);

        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.json().get("ids")).isEqualTo(first.json().get("ids"));
        JsonNode stored = pollQuery("/query?service=" + service, keyA, entries -> entries.size() >= 2);
        assertThat(stored).hasSize(2);
        assertThat(Metrics.value(APP, "logpipe_ingest_entries_total", "outcome=\"replayed\"")).isGreaterThanOrEqualTo(2);
    }

    /** The answer, read in full so its connection goes back to the client's small pool. */
    private static IngestClient.Answer post(String path, String key, String json) {
        try (Response response = client(path).header("Authorization", "Bearer " + key)
                .post(Entity.entity(json, MediaType.APPLICATION_JSON))) {
            return new IngestClient.Answer(response.getStatus(), response.getHeaderString("Retry-After"),
                    response.readEntity(String.class));
        }
    }

    private static JsonNode query(String path, String key) throws Exception {
        Response response = client(path).header("Authorization", "Bearer " + key).get();
        assertThat(response.getStatus()).isEqualTo(200);
        return JSON.readTree(response.readEntity(String.class)).get("entries");
    }

    /** Queries until the entries satisfy {@code done}; the worker writes asynchronously. */
    private static JsonNode pollQuery(String path, String key, Predicate<JsonNode> done) throws Exception {
        Instant deadline = Instant.now().plus(POLL_LIMIT);
        JsonNode entries = query(path, key);
        while (!done.test(entries) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            entries = query(path, key);
        }
        assertThat(done.test(entries)).as("entries within %s: %s", POLL_LIMIT, entries).isTrue();
        return entries;
    }

    /** Every id on every page of {@code path}, once the worker has stored {@code expected} entries there. */
    private static java.util.List<String> pollAllPages(String path, int expected) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        java.util.List<String> ids = allPages(path);
        while (ids.size() < expected && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            ids = allPages(path);
        }
        return ids;
    }

    private static java.util.List<String> allPages(String path) throws Exception {
        java.util.List<String> ids = new java.util.ArrayList<>();
        String cursor = null;
        do {
            JsonNode page;
            try (Response response = client(path + (cursor == null ? "" : "&cursor=" + cursor))
                    .header("Authorization", "Bearer " + keyA).get()) {
                page = JSON.readTree(response.readEntity(String.class));
            }
            page.get("entries").forEach(entry -> ids.add(entry.get("id").asText()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        return ids;
    }

    private static double metric(String name) {
        String text = APP.client().target("http://localhost:" + APP.getAdminPort() + "/metrics")
                .request().get(String.class);
        return text.lines().filter(line -> line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(name.length() + 1).trim()))
                .findFirst().orElseThrow(() -> new AssertionError(name + " missing from /metrics"));
    }

    private static Invocation.Builder client(String path) {
        return APP.client().target("http://localhost:" + APP.getLocalPort() + path).request();
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
