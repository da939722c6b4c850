package io.logpipe.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logpipe.bootstrap.faults.LogpipeJar.ApiKey;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGTERM while the worker has a batch in hand (held at the write gate): the process reports itself not ready (for
 * {@code health.shutdownWaitPeriod}, set to 2 s here), stops taking requests, gives the
 * batch up to its stop grace (10 s by default) and exits within a bound; the bound asserted here is 30 s, to leave
 * room for the JVM's own shutdown on a slow machine. A batch that finishes in time is acknowledged; one that cannot is
 * left unacknowledged, and the restarted process writes it. Either way nothing answered 202 is lost.
 */
class GracefulShutdownIT {
    private static final Duration EXIT_BOUND = Duration.ofSeconds(30);

    @RegisterExtension
    final FaultHarness harness = new FaultHarness();

    @Test
    void sigtermDuringABatchFinishesTheBatchAndExitsWithinTheBound() throws Exception {
        ApiKey key = harness.createKey("sigterm-finishes");
        LogpipeProcess logpipe = harness.logpipe("logpipe", "api,worker").start("worker");
        LoadClient load = loadUntilStoring(logpipe, key);

        Duration exit;
        try (WriteGate gate = WriteGate.hold(harness.postgres())) {
            gate.awaitWaitingWriters(1);
            assertThat(logpipe.readiness()).as("readiness before SIGTERM").isEqualTo(200);
            logpipe.sigterm();
            // Readiness fails first, while requests are still served, so that a load balancer stops sending.
            await("readiness to fail while the port still serves").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100)).until(() -> logpipe.readiness() == 503);
            // The server closes its ports next; by then the worker is being stopped with the batch in hand.
            await("the HTTP port to close").atMost(Duration.ofSeconds(15)).until(() -> !logpipe.acceptsConnections());
            gate.release();
            exit = logpipe.awaitExit(EXIT_BOUND);
        }
        System.out.printf("[faults] exited %d ms after SIGTERM, the batch in hand finished%n", exit.toMillis());
        assertThat(harness.queue().pendingOf("worker")).as("records left unacknowledged at exit").isZero();

        restartAndCheckDelivery(logpipe, load);
    }

    @Test
    void sigtermDuringABatchThatCannotFinishLeavesItForTheRestartAndExitsWithinTheBound() throws Exception {
        ApiKey key = harness.createKey("sigterm-abandons");
        LogpipeProcess logpipe = harness.logpipe("logpipe", "api,worker").start("worker");
        LoadClient load = loadUntilStoring(logpipe, key);

        Duration exit;
        try (WriteGate gate = WriteGate.hold(harness.postgres())) {
            gate.awaitWaitingWriters(1);
            logpipe.sigterm();
            exit = logpipe.awaitExit(EXIT_BOUND);
        }
        System.out.printf("[faults] exited %d ms after SIGTERM, the batch in hand abandoned%n", exit.toMillis());
        assertThat(harness.queue().pendingOf("worker")).as("records left unacknowledged at exit").isPositive();

        restartAndCheckDelivery(logpipe, load);
    }

    /** Load on the process until it accepts and stores entries, so a batch is in hand when the test acts. */
    private LoadClient loadUntilStoring(LogpipeProcess logpipe, ApiKey key) {
        LoadClient load = harness.load(logpipe, key, 20, Duration.ofMillis(20)).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> load.acceptedEntries() >= 1_000
                && DeliveryCheck.storedCount(harness.postgres(), key.tenant()) > 0);
        return load;
    }

    /** Starts the process again, lets it take more load, and checks every entry answered 202 is stored once. */
    private void restartAndCheckDelivery(LogpipeProcess logpipe, LoadClient load) throws Exception {
        long restartedAt = System.nanoTime();
        logpipe.start("worker");
        await().atMost(Duration.ofSeconds(20)).until(() -> load.acceptedSince(restartedAt) >= 1_000);
        load.stop();
        DeliveryCheck.assertEveryAcceptedEntryStoredOnce(load, harness.postgres(), harness.queue());
    }
}
