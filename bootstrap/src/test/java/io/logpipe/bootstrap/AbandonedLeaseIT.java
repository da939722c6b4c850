package io.logpipe.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;

/**
 * Entries leased by a worker that died, under a name that never comes back, are written by a worker of another name
 * once the visibility timeout has passed. The dead worker is played by a consumer that reads the record and never
 * acknowledges it; so this writes to the queue's Redis directly, the one {@code LOGPIPE_TEST_REDIS_URL} names.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AbandonedLeaseIT {
    private static final String REDIS_URL = System.getenv("LOGPIPE_TEST_REDIS_URL");
    private static final Path DATA = TestDirectories.createDeletedOnExit("logpipe-abandoned-");
    private static final Path CONFIG = TestConfig.write(DATA, "api,worker", UUID.randomUUID().toString(), "",
            "  visibilityTimeout: 1s");
    private static final DropwizardAppExtension<LogpipeConfiguration> APP =
            new DropwizardAppExtension<>(LogpipeApplication.class, CONFIG.toString());

    /** Unique per run: the test database keeps what earlier runs stored. */
    private static final String SERVICE = "orphaned-" + UUID.randomUUID();

    @Test
    void writesEntriesThatADeadWorkerLeasedUnderAnotherName() throws Exception {
        assumeTrue(REDIS_URL != null, "plays the dead worker on the queue's Redis: set LOGPIPE_TEST_REDIS_URL");
        String key = KeysCli.createKey(CONFIG, "abandoned", "ingest,query");
        String stream = APP.getConfiguration().getRedis().getStream();
        String group = APP.getConfiguration().getRedis().getGroup();
        String now = Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
        String batch = "{\"v\":2,\"tenant\":\"abandoned\",\"received_at\":\"" + now + "\",\"entries\":[{\"id\":\""
                + UUID.randomUUID() + "\",\"timestamp\":\"" + now + "\",\"service\":\"" + SERVICE + "\",\"level\":\"info\","
                + "\"message\":\"leased by a worker that died\",\"attributes\":{}}]}";
        try (RedisClient redis = RedisClient.create(URI.create(REDIS_URL))) {
            // The dead worker must lease the record before the live one, which waits in a blocking read, sees it:
            // added and read in one transaction, the record is delivered before any blocked reader is served.
            try (AbstractTransaction tx = redis.multi()) {
                tx.xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("batch", batch, "n", "1"));
                tx.xreadGroup(group, "worker-of-a-pod-long-gone", XReadGroupParams.xReadGroupParams().count(10),
                        Map.of(stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
                tx.exec();
            }
            assertThat(redis.xpending(stream, group).getConsumerMessageCount())
                    .containsEntry("worker-of-a-pod-long-gone", 1L);

            await().atMost(Duration.ofSeconds(20)).until(() -> stored(key).contains("leased by a worker that died"));
            await().atMost(Duration.ofSeconds(5)).until(() -> redis.xlen(stream) == 0);
        }
        assertThat(stored(key)).containsOnlyOnce("leased by a worker that died");
    }

    private static String stored(String key) {
        return APP.client().target("http://localhost:" + APP.getLocalPort() + "/query?service=" + SERVICE)
                .request().header("Authorization", "Bearer " + key).get(String.class);
    }
}
