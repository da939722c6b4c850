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

        Response accepted = post("/ingest/", keyA, entry);
        assertThat(accepted.getStatus()).isEqualTo(202);
        JsonNode receipt = JSON.readTree(accepted.readEntity(String.class));
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
        assertThat(post("/ingest", keyA, entry.formatted("a")).getStatus()).isEqualTo(202);
        assertThat(post("/ingest", keyB, entry.formatted("b")).getStatus()).isEqualTo(202);

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
        assertThat(post("/ingest", keyA, batch.formatted(service)).getStatus()).isEqualTo(202);
        pollQuery("/query?service=" + service, keyA, entries -> entries.size() == 2);

        assertThat(metric("logpipe_entries_accepted_total")).isGreaterThanOrEqualTo(acceptedBefore + 2);
        assertThat(metric("logpipe_entries_written_total")).isGreaterThanOrEqualTo(writtenBefore + 2);
    }

    @Test
    void invalidEntriesAreRejectedWholeWithA422NamingEachProblem() throws Exception {
        String service = "rejected-" + shortId();
        String batch = "[{\"service\":\"%1$s\",\"level\":\"info\",\"message\":\"fine\"},"
                + "{\"service\":\"%1$s\",\"level\":\"loud\",\"message\":\"bad level\"}]";

        Response response = post("/ingest", keyA, batch.formatted(service));

        assertThat(response.getStatus()).isEqualTo(422);
        JsonNode body = JSON.readTree(response.readEntity(String.class));
        assertThat(body.get("errors").toString()).contains("[1]").contains("level");
        Thread.sleep(1000);
        assertThat(query("/query?service=" + service, keyA)).isEmpty();
    }

    private static Response post(String path, String key, String json) {
        return client(path).header("Authorization", "Bearer " + key)
                .post(Entity.entity(json, MediaType.APPLICATION_JSON));
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
