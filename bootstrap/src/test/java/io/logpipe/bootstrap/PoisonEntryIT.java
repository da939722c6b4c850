package io.logpipe.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;

/**
 * An entry PostgreSQL refuses, put straight into the queue between good entries of two tenants, stops nothing: the
 * good ones are stored, only the bad one is set aside as a dead letter with its SQLSTATE. Writes to the queue's
 * stream directly, so it runs against the Redis named by {@code LOGPIPE_TEST_REDIS_URL}, as CI sets it.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PoisonEntryIT {
    private static final String REDIS_URL = System.getenv("LOGPIPE_TEST_REDIS_URL");
    private static final Path DATA = TestDirectories.createDeletedOnExit("logpipe-poison-");
    private static final String QUEUE = UUID.randomUUID().toString();
    private static final Path CONFIG = TestConfig.write(DATA, "api,worker", QUEUE, "");
    private static final DropwizardAppExtension<LogpipeConfiguration> APP =
            new DropwizardAppExtension<>(LogpipeApplication.class, CONFIG.toString());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Unique per run: the test database keeps what earlier runs stored. */
    private static final String SERVICE = "poison-" + UUID.randomUUID();

    private static String keyA;
    private static String keyB;

    @BeforeAll
    static void createKeys() throws Exception {
        keyA = KeysCli.createKey(CONFIG, "poison-a", "ingest,query");
        keyB = KeysCli.createKey(CONFIG, "poison-b", "ingest,query");
    }

    @Test
    void storesTheGoodEntriesAroundAnEntryPostgresRefusesAndSetsOnlyThatOneAside() throws Exception {
        assumeTrue(REDIS_URL != null, "writes to the queue's Redis directly: set LOGPIPE_TEST_REDIS_URL");
        String stream = APP.getConfiguration().getRedis().getStream();
        String now = Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
        String poisonId = UUID.randomUUID().toString();
        // One record as ingest writes them, tenant a's entries around one whose message holds U+0000.
        String batchA = "{\"v\":2,\"tenant\":\"poison-a\",\"received_at\":\"" + now + "\",\"entries\":["
                + entry(UUID.randomUUID().toString(), now, "good before") + ","
                + entry(poisonId, now, "bad \\u0000 byte") + ","
                + entry(UUID.randomUUID().toString(), now, "good after") + "]}";
        String batchB = "{\"v\":2,\"tenant\":\"poison-b\",\"received_at\":\"" + now + "\",\"entries\":["
                + entry(UUID.randomUUID().toString(), now, "other tenant") + "]}";
        try (RedisClient redis = RedisClient.create(URI.create(REDIS_URL))) {
            redis.xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("batch", batchA, "n", "3"));
            redis.xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("batch", batchB, "n", "1"));

            await().atMost(Duration.ofSeconds(20)).until(() -> redis.xlen(stream + ":dead") == 1);

            Map<String, String> letter = redis.xrange(stream + ":dead", (StreamEntryID) null, (StreamEntryID) null)
                    .get(0).getFields();
            assertThat(letter).containsEntry("code", "22021");
            assertThat(letter.get("batch")).contains(poisonId);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> messages(keyA).size() == 2 && messages(keyB).size() == 1);
        assertThat(messages(keyA)).containsExactlyInAnyOrder("good before", "good after");
        assertThat(messages(keyB)).containsExactly("other tenant");
    }

    private static String entry(String id, String timestamp, String message) {
        return "{\"id\":\"" + id + "\",\"timestamp\":\"" + timestamp + "\",\"service\":\"" + SERVICE + "\","
                + "\"level\":\"info\",\"message\":\"" + message + "\",\"attributes\":{}}";
    }

    private static List<String> messages(String key) throws Exception {
        String body = APP.client().target("http://localhost:" + APP.getLocalPort() + "/query?service=" + SERVICE)
                .request().header("Authorization", "Bearer " + key).get(String.class);
        JsonNode entries = JSON.readTree(body).get("entries");
        return java.util.stream.StreamSupport.stream(entries.spliterator(), false)
                .map(entry -> entry.get("message").asText()).toList();
    }
}
