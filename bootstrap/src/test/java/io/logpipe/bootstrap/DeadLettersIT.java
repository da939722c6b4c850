package io.logpipe.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;

/**
 * Dead letters made by the real worker from entries PostgreSQL refuses, then listed, replayed and purged through the
 * admin API and the command line. Reaches into the servers (writes the queue's stream, adds a constraint to the
 * table), so it runs against the Redis and PostgreSQL named by {@code LOGPIPE_TEST_REDIS_URL} and
 * {@code LOGPIPE_TEST_DATABASE_URL}, as CI sets them.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DeadLettersIT {
    private static final String REDIS_URL = System.getenv("LOGPIPE_TEST_REDIS_URL");
    private static final String DATABASE_URL = System.getenv("LOGPIPE_TEST_DATABASE_URL");
    private static final Path DATA = TestDirectories.createDeletedOnExit("logpipe-dead-letters-");
    private static final Path CONFIG = TestConfig.write(DATA, "api,worker", UUID.randomUUID().toString(), "");
    private static final DropwizardAppExtension<LogpipeConfiguration> APP =
            new DropwizardAppExtension<>(LogpipeApplication.class, CONFIG.toString());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Unique per run: the test database keeps what earlier runs stored. */
    private static final String SERVICE = "dead-letters-" + UUID.randomUUID();
    /** The sole check of a constraint added to the shared table: nothing but this test's entries can break it. */
    private static final String BLOCKED_SERVICE = SERVICE + "-blocked";

    private static String nulAdmin;
    private static String fixAdmin;
    private static String cliAdmin;
    private static String nulQueryOnly;

    @BeforeAll
    static void createKeys() throws Exception {
        nulAdmin = KeysCli.createKey(CONFIG, "dl-nul", "ingest,query,admin");
        fixAdmin = KeysCli.createKey(CONFIG, "dl-fix", "ingest,query,admin");
        cliAdmin = KeysCli.createKey(CONFIG, "dl-cli", "ingest,query,admin");
        nulQueryOnly = KeysCli.createKey(CONFIG, "dl-nul", "ingest,query");
    }

    @Test
    void anEntryPostgresRefusesIsListedWithItsSqlstateForItsTenantOnlyAndPurgedForGood() throws Exception {
        assumeTrue(REDIS_URL != null, "writes to the queue's Redis directly: set LOGPIPE_TEST_REDIS_URL");
        String poisonId = UUID.randomUUID().toString();
        queueDirectly("dl-nul", entry(poisonId, SERVICE, "bad \\u0000 byte"),
                entry(UUID.randomUUID().toString(), SERVICE, "good"));

        JsonNode letter = awaitDeadLetterOf(nulAdmin, poisonId);

        assertThat(letter.get("code").asText()).isEqualTo("22021");
        assertThat(letter.get("reason").asText()).contains("22021");
        assertThat(letter.get("tenant").asText()).isEqualTo("dl-nul");
        assertThat(letter.get("deliveries").asInt()).isPositive();
        assertThat(letter.get("payload").asText()).contains(poisonId);
        String id = letter.get("id").asText();
        assertThat(status(as(nulAdmin, "/admin/dead-letters/" + id).get())).isEqualTo(200);
        assertThat(status(as(fixAdmin, "/admin/dead-letters/" + id).get())).isEqualTo(404);
        assertThat(deadLetters(fixAdmin)).noneMatch(other -> other.get("id").asText().equals(id));
        assertThat(status(as(nulQueryOnly, "/admin/dead-letters").get())).isEqualTo(403);

        assertThat(status(as(nulAdmin, "/admin/dead-letters/" + id).delete())).isEqualTo(204);

        assertThat(status(as(nulAdmin, "/admin/dead-letters/" + id).get())).isEqualTo(404);
        assertThat(deadLetters(nulAdmin)).noneMatch(other -> other.get("id").asText().equals(id));
        assertThat(status(as(nulAdmin, "/admin/dead-letters/" + id).delete())).isEqualTo(404);
        await().atMost(PATIENCE).until(() -> messages(nulAdmin, SERVICE).contains("good"));
    }

    @Test
    void anEntryRefusedUntilTheCauseIsFixedIsStoredExactlyOnceByReplayAndReplayingAgainQueuesNothing()
            throws Exception {
        assumeTrue(DATABASE_URL != null, "adds a constraint to the test database: set LOGPIPE_TEST_DATABASE_URL");
        assumeTrue(REDIS_URL != null, "reads the queue's stream in Redis: set LOGPIPE_TEST_REDIS_URL");
        String constraint = "dead_letters_it_" + UUID.randomUUID().toString().replace("-", "");
        try {
            sql("ALTER TABLE log_entries ADD CONSTRAINT " + constraint + " CHECK (service <> '" + BLOCKED_SERVICE
                    + "')");
            IngestClient.Answer accepted = new IngestClient(APP.getLocalPort(), fixAdmin).postJson("["
                    + "{\"service\":\"" + BLOCKED_SERVICE + "\",\"message\":\"refused until the check is gone\"},"
                    + "{\"service\":\"" + SERVICE + "\",\"message\":\"stored at once\"}]");
            assertThat(accepted.status()).isEqualTo(202);
            String blockedId = accepted.json().get("ids").get(0).asText();

            JsonNode letter = awaitDeadLetterOf(fixAdmin, blockedId);
            assertThat(letter.get("code").asText()).isEqualTo("23514");
            await().atMost(PATIENCE).until(() -> messages(fixAdmin, SERVICE).contains("stored at once"));
            assertThat(messages(fixAdmin, BLOCKED_SERVICE)).isEmpty();

            sql("ALTER TABLE log_entries DROP CONSTRAINT " + constraint);
            String id = letter.get("id").asText();
            JsonNode first = replay(fixAdmin, "{\"ids\": [\"" + id + "\"]}");

            assertThat(first.get("replayed").asInt()).isEqualTo(1);
            await().atMost(PATIENCE).until(() -> !messages(fixAdmin, BLOCKED_SERVICE).isEmpty());
            assertThat(ids(fixAdmin, BLOCKED_SERVICE)).containsExactly(blockedId);

            JsonNode again = replay(fixAdmin, "{\"ids\": [\"" + id + "\"]}");
            assertThat(again.get("replayed").asInt()).isZero();
            assertThat(again.get("not_found")).extracting(JsonNode::asText).containsExactly(id);
            assertThat(replay(fixAdmin, "{\"all\": true}").get("replayed").asInt()).isZero();
            await().atMost(PATIENCE).until(() -> queued() == 0);
            assertThat(ids(fixAdmin, BLOCKED_SERVICE)).containsExactly(blockedId);
            assertThat(deadLetters(fixAdmin)).noneMatch(other -> other.get("id").asText().equals(id));
        } finally {
            sql("ALTER TABLE log_entries DROP CONSTRAINT IF EXISTS " + constraint);
        }
    }

    @Test
    void theCommandLineListsReplaysAndPurgesDeadLetters() throws Exception {
        assumeTrue(REDIS_URL != null, "writes to the queue's Redis directly: set LOGPIPE_TEST_REDIS_URL");
        String poisonId = UUID.randomUUID().toString();
        queueDirectly("dl-cli", entry(poisonId, SERVICE, "bad \\u0000 byte"));
        String id = awaitDeadLetterOf(cliAdmin, poisonId).get("id").asText();

        DeadLettersCli.Run listed = DeadLettersCli.run(CONFIG, "list", "--tenant", "dl-cli");

        assertThat(listed.succeeded()).as(listed.stderr()).isTrue();
        assertThat(listed.deadLetter(id)).singleElement().satisfies(fields -> {
            assertThat(fields).hasSize(6);
            assertThat(fields[1]).isEqualTo("dl-cli");
            assertThat(fields[2]).contains("22021");
            assertThat(fields[3]).isEqualTo("22021");
            assertThat(Integer.parseInt(fields[4])).isPositive();
            assertThat(Instant.parse(fields[5])).isBefore(Instant.now().plusSeconds(1));
        });

        // Nothing is fixed, so the replayed entry is refused again and set aside anew, under a new id.
        DeadLettersCli.Run replayed = DeadLettersCli.run(CONFIG, "replay", "--id", id, "--id", "0.1-0");
        assertThat(replayed.lines()).contains("replayed 1; not found: 0.1-0");
        String again = await().atMost(PATIENCE).until(() -> deadLetterOf(cliAdmin, poisonId)
                .map(letter -> letter.get("id").asText()), found -> found.isPresent() && !found.get().equals(id))
                .orElseThrow();

        DeadLettersCli.Run purged = DeadLettersCli.run(CONFIG, "purge", "--all", "--tenant", "dl-cli");
        assertThat(purged.lines()).contains("purged 1");
        assertThat(deadLetters(cliAdmin)).noneMatch(letter -> letter.get("id").asText().equals(again));
        assertThat(DeadLettersCli.run(CONFIG, "list", "--tenant", "dl-cli").deadLetter(again)).isEmpty();
    }

    @Test
    void theCommandLineRefusesAReplayThatNamesNothing() {
        DeadLettersCli.Run run = DeadLettersCli.run(CONFIG, "replay");

        assertThat(run.succeeded()).isFalse();
        assertThat(run.stderr()).contains("needs either --id").contains("--all");
    }

    private static JsonNode awaitDeadLetterOf(String key, String entryId) {
        return await().atMost(PATIENCE).until(() -> deadLetterOf(key, entryId), Optional::isPresent).orElseThrow();
    }

    private static Optional<JsonNode> deadLetterOf(String key, String entryId) throws Exception {
        return deadLetters(key).stream()
                .filter(letter -> StreamSupport.stream(letter.get("entries").spliterator(), false)
                        .anyMatch(entry -> entry.get("id").asText().equals(entryId)))
                .findFirst();
    }

    /** Every dead letter the key may see, page by page. */
    private static List<JsonNode> deadLetters(String key) throws Exception {
        List<JsonNode> letters = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = JSON.readTree(as(key, "/admin/dead-letters?limit=100"
                    + (cursor == null ? "" : "&cursor=" + cursor)).get(String.class));
            page.get("dead_letters").forEach(letters::add);
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        return letters;
    }

    /** The status of a response, which is closed so that its connection goes back to the client's pool. */
    private static int status(Response response) {
        try (response) {
            return response.getStatus();
        }
    }

    private static JsonNode replay(String key, String body) throws Exception {
        Response response = as(key, "/admin/dead-letters/replay").post(Entity.json(body));
        assertThat(response.getStatus()).isEqualTo(200);
        return JSON.readTree(response.readEntity(String.class));
    }

    private static Invocation.Builder as(String key, String pathAndQuery) {
        return APP.client().target(URI.create("http://localhost:" + APP.getLocalPort() + pathAndQuery)).request()
                .header("Authorization", "Bearer " + key);
    }

    private static List<String> messages(String key, String service) throws Exception {
        return stored(key, service, "message");
    }

    private static List<String> ids(String key, String service) throws Exception {
        return stored(key, service, "id");
    }

    private static List<String> stored(String key, String service, String field) throws Exception {
        JsonNode entries = JSON.readTree(as(key, "/query?service=" + service).get(String.class)).get("entries");
        return StreamSupport.stream(entries.spliterator(), false).map(entry -> entry.get(field).asText()).toList();
    }

    /** Puts entries into the queue's stream as one record, as ingest writes them but without its checks. */
    private static void queueDirectly(String tenant, String... entries) {
        String now = Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
        String batch = "{\"v\":2,\"tenant\":\"" + tenant + "\",\"received_at\":\"" + now + "\",\"entries\":["
                + String.join(",", entries).replace("$NOW", now) + "]}";
        try (RedisClient redis = RedisClient.create(URI.create(REDIS_URL))) {
            String stream = APP.getConfiguration().getRedis().getStream();
            redis.xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("batch", batch, "n", String.valueOf(entries.length)));
        }
    }

    /** Records in the queue's stream: queued, or leased and not yet acknowledged. */
    private static long queued() {
        try (RedisClient redis = RedisClient.create(URI.create(REDIS_URL))) {
            return redis.xlen(APP.getConfiguration().getRedis().getStream());
        }
    }

    private static String entry(String id, String service, String message) {
        return "{\"id\":\"" + id + "\",\"timestamp\":\"$NOW\",\"service\":\"" + service + "\","
                + "\"level\":\"info\",\"message\":\"" + message + "\",\"attributes\":{}}";
    }

    private static void sql(String statement) throws Exception {
        String user = System.getenv().getOrDefault("LOGPIPE_TEST_DATABASE_USER", "postgres");
        String password = System.getenv().getOrDefault("LOGPIPE_TEST_DATABASE_PASSWORD", "");
        try (Connection connection = DriverManager.getConnection(DATABASE_URL, user, password);
                Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }
}
