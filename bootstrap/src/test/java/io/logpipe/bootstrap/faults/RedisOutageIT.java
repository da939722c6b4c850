package io.logpipe.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logpipe.bootstrap.faults.LogpipeJar.ApiKey;
import io.logpipe.bootstrap.faults.LoadClient.Answer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis killed with SIGKILL under load and started again on its append-only file ({@code appendfsync always}): while
 * it is down, ingest answers 503 and never 202, since it cannot queue anything, and readiness fails; afterwards ingest accepts again, the
 * backlog drains, and every entry answered with 202 (before the kill, or after the restart) is stored exactly once,
 * and no entry answered 503 is stored, except those of the request in flight at the moment of the kill.
 */
class RedisOutageIT {
    @RegisterExtension
    final FaultHarness harness = new FaultHarness();

    @Test
    void ingestAnswers503WhileRedisIsDownAndEveryAcceptedEntryIsStoredAfterItsRestart() {
        ApiKey key = harness.createKey("redis-outage");
        LogpipeProcess logpipe = harness.logpipe("logpipe", "api,worker").start("worker");
        LoadClient load = harness.load(logpipe, key, 20, Duration.ofMillis(20)).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> load.acceptedEntries() >= 1_000
                && DeliveryCheck.storedCount(harness.postgres(), key.tenant()) > 0);

        long killedAt = System.nanoTime();
        harness.redis().kill();
        long downSince = System.nanoTime();
        await("requests to be answered while Redis is down").atMost(Duration.ofSeconds(30))
                .until(() -> load.answersWithin(downSince, Long.MAX_VALUE).size() >= 100);
        // A load balancer polling readiness takes the process out; an alert sees the check fail.
        await("readiness to fail while Redis is down").atMost(Duration.ofSeconds(30))
                .until(() -> logpipe.readiness() == 503);
        assertThat(logpipe.metric("logpipe_health_check_healthy", "check=\"redis\"")).isZero();
        long restartedAt = System.nanoTime();
        harness.redis().start();

        List<Answer> whileDown = load.answersWithin(downSince, restartedAt);
        assertThat(whileDown).as("answers while Redis was down").isNotEmpty()
                .extracting(Answer::status).containsOnly(503);
        await("ingest to accept again").atMost(Duration.ofSeconds(30))
                .until(() -> load.acceptedSince(restartedAt) >= 1_000);
        await("readiness to return").atMost(Duration.ofSeconds(30)).until(() -> logpipe.readiness() == 200);
        load.stop();

        // Redis may run a request's script and write it to its append-only file, then die before the reply is out:
        // that request is answered 503 although its entries are queued. Nobody can tell, so they are in doubt.
        Set<UUID> inFlightAtTheKill = load.inFlightDuring(killedAt, downSince);
        DeliveryCheck.assertEveryAcceptedEntryStoredOnce(load, harness.postgres(), harness.queue(),
                inFlightAtTheKill);
    }
}
