package io.logpipe.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logpipe.bootstrap.faults.LogpipeJar.ApiKey;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker process frozen with SIGSTOP while it holds a lease it has not written (taken while the write gate held
 * every write back), beside an API process and a second worker process: once the lease has been idle past the
 * visibility timeout, the second worker takes it over and writes it. After SIGCONT the frozen worker goes on with its
 * stale batch, which finds its entries stored already, and nothing is stored twice.
 */
class PausedWorkerIT {
    @RegisterExtension
    final FaultHarness harness = new FaultHarness();

    @Test
    void aPausedWorkersLeaseIsTakenOverAndItsResumeStoresNothingTwice() throws Exception {
        ApiKey key = harness.createKey("paused-worker");
        LogpipeProcess api = harness.logpipe("api", "api");
        LogpipeProcess paused = harness.logpipe("paused-worker", "worker");
        LogpipeProcess other = harness.logpipe("other-worker", "worker");
        api.launch("api");
        paused.launch("paused-worker");
        other.launch("other-worker");
        api.awaitHealthy();
        paused.awaitHealthy();
        other.awaitHealthy();
        LoadClient load = harness.load(api, key, 20, Duration.ofMillis(20)).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> load.acceptedEntries() >= 1_000
                && DeliveryCheck.storedCount(harness.postgres(), key.tenant()) > 0);

        try (WriteGate gate = WriteGate.hold(harness.postgres())) {
            await("both workers to hold a lease at the gate").atMost(Duration.ofSeconds(30))
                    .until(() -> harness.queue().pendingOf("paused-worker") > 0
                            && harness.queue().pendingOf("other-worker") > 0);
            paused.pause();
        }
        assertThat(harness.queue().pendingOf("paused-worker")).as("records the paused worker holds").isPositive();
        await("the other worker to take the paused one's lease over")
                .atMost(LogpipeJar.VISIBILITY_TIMEOUT.plusSeconds(20))
                .until(() -> harness.queue().pendingOf("paused-worker") == 0);

        paused.resume();
        await("a worker to find entries of the taken-over lease stored already").atMost(Duration.ofSeconds(30))
                .until(() -> paused.metric("logpipe_entries_already_stored_total")
                        + other.metric("logpipe_entries_already_stored_total") > 0);
        load.stop();

        DeliveryCheck.assertEveryAcceptedEntryStoredOnce(load, harness.postgres(), harness.queue());
    }
}
