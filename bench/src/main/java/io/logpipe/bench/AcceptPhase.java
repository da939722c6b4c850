package io.logpipe.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Entries answered 202 per second, for each batch size, with the workers off (logpipe only accepting: the cost of
 * the API and the queue alone) and on (accepting while draining into PostgreSQL on the same cores). Each measured
 * window is recorded with JFR, so every figure comes with the methods that limit it.
 */
final class AcceptPhase {
    /** Bodies per batch size: enough distinct requests that wrk does not replay a handful of them. */
    private static final int ENTRIES_PER_POOL = 200_000;
    private static final int MAX_BODIES = 20_000;

    private final Bench bench;

    AcceptPhase(Bench bench) {
        this.bench = bench;
    }

    /**
     * @param batch entries per request
     * @param workersOn whether the queue was being drained meanwhile
     * @param entriesPerSecond entries answered 202 per second, counted by logpipe's own accepted counter
     * @param failures requests answered other than 202, or not answered
     */
    record Result(int batch, boolean workersOn, double entriesPerSecond, double requestsPerSecond,
                  Wrk.Latency latency, long failures, HotMethods.Profile profile) {
    }

    List<Result> run() throws IOException, InterruptedException, SQLException {
        BenchOptions options = bench.options();
        List<Path> pools = new ArrayList<>();
        for (int batch : options.acceptBatches()) {
            Path prefix = bench.workDirectory().resolve("accept-" + batch);
            int bodies = Math.max(1, Math.min(MAX_BODIES, ENTRIES_PER_POOL / batch));
            bench.acceptWorkload().writeBodies(prefix, bodies, batch, bench.wrk().threads(), false);
            pools.add(prefix);
        }
        List<Result> results = new ArrayList<>();
        for (boolean workersOn : List.of(false, true)) {
            bench.resetStores();
            List<LogpipeProcess> processes = bench.pipeline().start(workersOn ? "accept-drain" : "accept-only",
                    workersOn ? options.workers() : 0);
            try {
                // A fresh JVM compiles its hot paths during the first seconds of load; without this the first batch
                // size measured paid for it, whichever size it was.
                for (int i = 0; i < pools.size(); i++) {
                    bench.wrk().run(processes.get(0).baseUrl(), pools.get(i), false, options.warmup(), bench.keys());
                }
                for (int i = 0; i < pools.size(); i++) {
                    results.add(measure(processes.get(0), options.acceptBatches().get(i), pools.get(i), workersOn));
                }
            } finally {
                Pipeline.stop(processes);
            }
        }
        return results;
    }

    private Result measure(LogpipeProcess api, int batch, Path bodies, boolean workersOn)
            throws IOException, InterruptedException {
        BenchOptions options = bench.options();
        bench.log("accepted, batch %d, workers %s: %ds warm-up, %ds measured", batch, workersOn ? "on" : "off",
                options.warmup().toSeconds(), options.acceptDuration().toSeconds());
        if (!options.warmup().isZero()) {
            bench.wrk().run(api.baseUrl(), bodies, false, options.warmup(), bench.keys());
        }
        double acceptedBefore = api.metric(Bench.ACCEPTED);
        api.startProfile(bench.java(), false);
        Wrk.Result load = bench.wrk().run(api.baseUrl(), bodies, false, options.acceptDuration(), bench.keys());
        double accepted = api.metric(Bench.ACCEPTED) - acceptedBefore;
        Path profile = bench.resultDirectory().resolve("accept-" + batch + (workersOn ? "-drain" : "-only") + ".jfr");
        api.stopProfile(bench.java(), profile);
        double seconds = load.duration().toNanos() / 1e9;
        Result result = new Result(batch, workersOn, accepted / seconds, load.requests() / seconds, load.latency(),
                load.failures(), HotMethods.read(profile, 5));
        bench.log("  %,.0f entries/s, %,.0f requests/s, p99 %.1f ms, %d not 202", result.entriesPerSecond(),
                result.requestsPerSecond(), load.latency().p99() / 1000.0, result.failures());
        return result;
    }
}
