package io.logpipe.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logpipe.bootstrap.faults.LogpipeJar.ApiKey;
import io.logpipe.bootstrap.faults.LoadClient.Answer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL stopped in immediate mode, as a crash stops it, for ten seconds under load, then started again: ingest
 * never notices (entries wait in Redis, well below the backpressure limit), the worker's circuit to PostgreSQL opens
 * meanwhile, and once PostgreSQL is back the backlog drains and every entry answered with 202 is stored exactly once.
 */
class PostgresOutageIT {
    private static final Duration OUTAGE = Duration.ofSeconds(10);

    @RegisterExtension
    final FaultHarness harness = new FaultHarness();

    @Test
    void ingestAcceptsThroughAPostgresOutageAndTheBacklogDrainsAfterIt() throws Exception {
        ApiKey key = harness.createKey("postgres-outage");
        LogpipeProcess logpipe = harness.logpipe("logpipe", "api,worker").start("worker");
        LoadClient load = harness.load(logpipe, key, 20, Duration.ofMillis(20)).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> load.acceptedEntries() >= 1_000
                && DeliveryCheck.storedCount(harness.postgres(), key.tenant()) > 0);

        harness.postgres().stopImmediately();
        long outageStart = System.nanoTime();
        await("the circuit to PostgreSQL to open").atMost(OUTAGE)
                .until(() -> logpipe.metric("logpipe_circuit_open") == 1.0);
        // The outage lasts its full length under load, whatever the circuit did.
        Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - outageStart) / 1_000_000));
        long outageEnd = System.nanoTime();
        harness.postgres().start();

        List<Answer> duringOutage = load.answersWithin(outageStart, outageEnd);
        assertThat(duringOutage).as("requests answered while PostgreSQL was down").hasSizeGreaterThan(50)
                .extracting(Answer::status).containsOnly(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> load.acceptedSince(outageEnd) >= 1_000);
        load.stop();

        DeliveryCheck.assertEveryAcceptedEntryStoredOnce(load, harness.postgres(), harness.queue());
        // Read once the backlog has drained, which takes writes that succeed: a circuit half-open for a trial
        // write during the outage reads 0 too.
        assertThat(logpipe.metric("logpipe_circuit_open")).as("the circuit once the backlog is written").isZero();
    }
}
