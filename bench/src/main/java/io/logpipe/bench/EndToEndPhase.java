package io.logpipe.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * From the first request until every one of N entries is committed in PostgreSQL: the sustained rate of the whole
 * pipeline, the backlog sampled every second, what the logpipe processes cost, and a JFR profile of the API process.
 *
 * <p>The entries carry their own ids, so the count is exact: wrk may resend a few bodies while its last responses
 * are in flight, and those entries are stored once. At the end the table must hold exactly N rows.
 */
final class EndToEndPhase {
    private static final Duration DRAIN_LIMIT = Duration.ofMinutes(30);

    private final Bench bench;

    EndToEndPhase(Bench bench) {
        this.bench = bench;
    }

    /**
     * @param entryBytes the mean size of one entry's JSON
     * @param acceptSeconds from the first request to the last 202
     * @param totalSeconds from the first request to the commit of the last entry
     * @param maxBacklog the largest backlog sampled
     * @param cpuSeconds CPU time of all logpipe processes during the phase
     * @param peakResidentBytes the sum of each process's peak resident set
     */
    record Result(long entries, int batch, int workers, double entryBytes, double acceptSeconds, double totalSeconds,
                  Wrk.Latency latency, double maxBacklog, double cpuSeconds, long peakResidentBytes, Path samples,
                  Path profile) {

        double entriesPerSecond() {
            return entries / totalSeconds;
        }

        double cpuSecondsPerMillion() {
            return cpuSeconds / (entries / 1e6);
        }
    }

    Result run() throws IOException, InterruptedException, SQLException {
        BenchOptions options = bench.options();
        int requests = (int) (options.entries() / options.batch());
        long entries = (long) requests * options.batch();
        Path bodies = bench.workDirectory().resolve("e2e");
        double entryBytes = bench.endToEndWorkload().writeBodies(bodies, requests, options.batch(),
                bench.wrk().threads(), true);

        bench.resetStores();
        List<LogpipeProcess> processes = bench.pipeline().start("e2e", options.workers());
        Path samples = bench.resultDirectory().resolve("e2e-samples.csv");
        Path profile = bench.resultDirectory().resolve("e2e.jfr");
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        try {
            LogpipeProcess api = processes.get(0);
            Duration cpuBefore = cpuTime(processes);
            api.startProfile(bench.java(), true);
            bench.log("end to end: %,d entries in %,d requests of %d, %d worker process(es)", entries, requests,
                    options.batch(), options.workers());
            BacklogSamples backlog = new BacklogSamples(processes);
            sampler.scheduleAtFixedRate(backlog::sample, 0, 1, TimeUnit.SECONDS);

            Wrk.Result load = bench.wrk().run(api.baseUrl(), bodies, true, DRAIN_LIMIT, bench.keys());
            long startNanos = load.startNanos();
            double acceptSeconds = (System.nanoTime() - startNanos) / 1e9;
            if (load.failures() > 0) {
                throw new IOException("logpipe refused " + load.failures() + " requests during the end-to-end phase:"
                        + " statuses " + load.statuses() + "; see " + bench.logDirectory());
            }
            awaitWritten(processes, entries, startNanos);
            double totalSeconds = (System.nanoTime() - startNanos) / 1e9;
            sampler.shutdown();
            sampler.awaitTermination(5, TimeUnit.SECONDS);
            backlog.sample();
            backlog.write(samples, startNanos);

            api.stopProfile(bench.java(), profile);
            double cpuSeconds = (cpuTime(processes).minus(cpuBefore)).toNanos() / 1e9;
            long peak = processes.stream().mapToLong(LogpipeProcess::peakResidentBytes).sum();
            verifyExactlyOnce(entries);
            Result result = new Result(entries, options.batch(), options.workers(), entryBytes, acceptSeconds,
                    totalSeconds, load.latency(), backlog.maxBacklog(), cpuSeconds, peak, samples, profile);
            bench.log("  %,.0f entries/s end to end (%.1f s), all accepted after %.1f s, backlog peaked at %,.0f",
                    result.entriesPerSecond(), totalSeconds, acceptSeconds, backlog.maxBacklog());
            return result;
        } finally {
            sampler.shutdownNow();
            Pipeline.stop(processes);
        }
    }

    private void awaitWritten(List<LogpipeProcess> processes, long entries, long startNanos)
            throws IOException, InterruptedException {
        long deadline = startNanos + DRAIN_LIMIT.toNanos();
        while (LogpipeProcess.sum(processes, Bench.WRITTEN) < entries) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the workers had not written all " + entries + " entries after " + DRAIN_LIMIT);
            }
            Thread.sleep(100);
        }
    }

    private void verifyExactlyOnce(long entries) throws SQLException, IOException {
        long rows = bench.postgres().count(bench.database(), "SELECT count(*) FROM log_entries");
        long distinct = bench.postgres().count(bench.database(), "SELECT count(DISTINCT id) FROM log_entries");
        if (rows != entries || distinct != entries) {
            throw new IOException("expected exactly " + entries + " stored entries, found " + rows + " rows with "
                    + distinct + " distinct ids");
        }
    }

    private static Duration cpuTime(List<LogpipeProcess> processes) {
        return processes.stream().map(LogpipeProcess::cpuTime).reduce(Duration.ZERO, Duration::plus);
    }

    /** logpipe's own counters and backlog, sampled once a second, written as CSV once the phase is over. */
    private static final class BacklogSamples {
        private final List<LogpipeProcess> processes;
        private final List<double[]> rows = new ArrayList<>();
        private double maxBacklog;

        BacklogSamples(List<LogpipeProcess> processes) {
            this.processes = processes;
        }

        synchronized void sample() {
            try {
                long now = System.nanoTime();
                Map<String, Double> api = processes.get(0).metrics();
                double backlog = api.getOrDefault(Bench.BACKLOG, 0.0);
                maxBacklog = Math.max(maxBacklog, backlog);
                rows.add(new double[] {now, api.getOrDefault(Bench.ACCEPTED, 0.0),
                    LogpipeProcess.sum(processes, Bench.WRITTEN), backlog});
            } catch (IOException e) {
                // A missed sample leaves a gap in the chart; it must not stop the measurement.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        synchronized double maxBacklog() {
            return maxBacklog;
        }

        /** Writes {@code seconds,accepted,stored,backlog}, seconds counted from the first request. */
        synchronized void write(Path file, long startNanos) throws IOException {
            try (BufferedWriter out = Files.newBufferedWriter(file)) {
                out.write("seconds,accepted,stored,backlog\n");
                for (double[] row : rows) {
                    double seconds = (row[0] - startNanos) / 1e9;
                    if (seconds >= 0) {
                        out.write(String.format(Locale.ROOT, "%.2f,%.0f,%.0f,%.0f%n", seconds, row[1], row[2],
                                row[3]));
                    }
                }
            }
        }
    }
}
