package io.logpipe.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logpipe.bootstrap.faults.LogpipeJar.ApiKey;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code kill -9} of a logpipe process (API and worker in one) while its worker holds a lease, and a new process under
 * another consumer name, as a container restarted with a new host name would be: the new process takes the dead
 * one's lease over once it has been idle past the visibility timeout, and every entry answered with 202 is stored
 * exactly once. The write gate decides where the kill lands: before the batch is written, or after it is committed
 * and before it is acknowledged.
 */
class LogpipeKilledIT {
    @RegisterExtension
    final FaultHarness harness = new FaultHarness();

    @Test
    void aBatchLeasedByAProcessKilledMidWriteIsWrittenByItsSuccessorUnderAnotherName() throws Exception {
        ApiKey key = harness.createKey("killed-mid-write");
        LogpipeProcess logpipe = harness.logpipe("logpipe", "api,worker").start("first-worker");
        LoadClient load = harness.load(logpipe, key, 20, Duration.ofMillis(20)).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> load.acceptedEntries() >= 1_000
                && DeliveryCheck.storedCount(harness.postgres(), key.tenant()) > 0);

        try (WriteGate gate = WriteGate.hold(harness.postgres())) {
            gate.awaitWaitingWriters(1);
            logpipe.kill();
        }
        assertThat(harness.queue().pendingOf("first-worker"))
                .as("records the killed process had leased and not acknowledged").isPositive();

        long restartedAt = System.nanoTime();
        logpipe.start("second-worker");
        await("the second worker to take the first one's lease over")
                .atMost(LogpipeJar.VISIBILITY_TIMEOUT.plusSeconds(20))
                .until(() -> harness.queue().pendingOf("first-worker") == 0);
        await().atMost(Duration.ofSeconds(20)).until(() -> load.acceptedSince(restartedAt) >= 1_000);
        load.stop();

        DeliveryCheck.assertEveryAcceptedEntryStoredOnce(load, harness.postgres(), harness.queue());
    }

    @Test
    void aBatchCommittedButNotAcknowledgedWhenTheProcessIsKilledIsStoredOnce() throws Exception {
        ApiKey key = harness.createKey("killed-before-ack");
        LogpipeProcess logpipe = harness.logpipe("logpipe", "api,worker").start("first-worker");
        LoadClient load = harness.load(logpipe, key, 500, Duration.ZERO);

        try (WriteGate gate = WriteGate.hold(harness.postgres())) {
            assertThat(load.send(500).status()).isEqualTo(202);
            gate.awaitWaitingWriters(1);
            // Redis stops first, so the write can commit but its acknowledgement cannot reach Redis.
            harness.redis().pause();
        }
        await("the held batch to commit").atMost(Duration.ofSeconds(30))
                .until(() -> DeliveryCheck.storedCount(harness.postgres(), key.tenant()) == 500);
        logpipe.kill();
        harness.redis().resume();
        assertThat(harness.queue().pendingOf("first-worker"))
                .as("records committed by the killed process but never acknowledged").isPositive();

        logpipe.start("second-worker");
        await("the second worker to take the first one's lease over")
                .atMost(LogpipeJar.VISIBILITY_TIMEOUT.plusSeconds(20))
                .until(() -> harness.queue().pendingOf("first-worker") == 0);
        DeliveryCheck.assertEveryAcceptedEntryStoredOnce(load, harness.postgres(), harness.queue());
        assertThat(logpipe.metric("logpipe_entries_already_stored_total"))
                .as("redelivered entries the successor found stored").isEqualTo(500.0);
    }
}
