package io.logpipe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.sourceforge.argparse4j.helper.HelpScreenException;
import net.sourceforge.argparse4j.inf.ArgumentParserException;

/**
 * {@code bench/run}: measures logpipe on this machine next to PostgreSQL's own COPY, in one run, and writes what it
 * found under {@code bench/results/<date>-<commit>/}. Everything it creates (a database, a Redis database, logpipe
 * processes, temporary files) is removed at the end, also when a phase fails.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (HelpScreenException shown) {
            return;
        } catch (ArgumentParserException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(options));
    }

    private static int run(BenchOptions options) throws Exception {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String commit = Machine.commit();
        Path resultDirectory = options.results().resolve(now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm"))
                + "-" + commit.replace(' ', '-'));
        Files.createDirectories(resultDirectory.resolve("logs"));
        Path work = Files.createTempDirectory("logpipe-bench-");
        Postgres postgres = new Postgres(options.postgresUrl(), options.postgresUser(), options.postgresPassword());
        String database = "logpipe_bench_" + ProcessHandle.current().pid();
        String java = Machine.java();

        RedisScratch redis = RedisScratch.claim(options.redisUrl());
        Runnable cleanUp = once(() -> {
            stopChildProcesses();
            quietly(() -> postgres.drop(database));
            if (!options.keepQueryDatabase()) {
                quietly(() -> postgres.drop(QueryPhase.DATABASE));
            }
            quietly(redis::close);
            quietly(() -> deleteRecursively(work));
        });
        // An interrupted run (Ctrl-C) still stops the logpipe processes and removes what it created.
        Runtime.getRuntime().addShutdownHook(new Thread(cleanUp, "bench-clean-up"));
        try {
            postgres.create(database);
            Bench bench = new Bench(options, postgres, redis, database, work, resultDirectory, java);
            String header = Machine.header(options, now, commit, postgres.describe(), redis.describe(), java);
            bench.log("results go to %s", resultDirectory);
            bench.prepare();
            String markdown = measure(bench, header);
            Report.write(resultDirectory.resolve("results.md"), markdown);
            System.out.println();
            System.out.println(markdown);
            System.out.println("Written to " + resultDirectory);
            return 0;
        } finally {
            cleanUp.run();
        }
    }

    /** Stops every process the harness started and has not stopped yet: logpipe servers, wrk. */
    private static void stopChildProcesses() {
        ProcessHandle.current().children().forEach(ProcessHandle::destroy);
        ProcessHandle.current().children().forEach(child -> child.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(
                timeout -> {
                    child.destroyForcibly();
                    return child;
                }).join());
    }

    private static Runnable once(Runnable action) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                action.run();
            }
        };
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Runs one clean-up step; a failure is reported and the other steps still run. */
    private static void quietly(Step step) {
        try {
            step.run();
        } catch (Exception e) {
            System.err.println("bench: clean-up step failed: " + e);
        }
    }

    private static String measure(Bench bench, String header) throws Exception {
        BenchOptions options = bench.options();
        Report report = new Report();
        if (options.runs("accept")) {
            report.accepted(new AcceptPhase(bench).run());
        }
        EndToEndPhase.Result endToEnd = options.runs("e2e") ? new EndToEndPhase(bench).run() : null;
        // Before the COPY baseline, which leaves the table without its secondary indexes: the writes phase needs
        // them, and the indexes phase reads their definitions.
        WritesPhase.Result writes = options.runs("writes") ? new WritesPhase(bench).run() : null;
        List<IndexCostPhase.Result> indexCosts = options.runs("indexes") ? new IndexCostPhase(bench).run() : List.of();
        List<CopyPhase.Result> copies = options.runs("copy") ? new CopyPhase(bench).run() : List.of();
        if (endToEnd != null) {
            report.endToEnd(endToEnd, copies);
        }
        report.copies(copies);
        report.indexCosts(indexCosts);
        if (writes != null) {
            report.writes(writes, options.commandLine());
        }
        if (options.runs("query")) {
            report.queries(options.queryRows(), new QueryPhase(bench).run());
        }
        if (endToEnd != null) {
            Path svg = bench.resultDirectory().resolve("e2e.svg");
            Report.chart(endToEnd.samples(), svg, "logpipe end to end: " + Report.number(endToEnd.entries())
                    + " entries, " + Report.number(endToEnd.entriesPerSecond()) + " entries/s");
            report.profile(HotMethods.read(endToEnd.profile(), 15));
            report.waits(WaitTimes.read(endToEnd.profile(), Map.of(bench.postgresPort(), "PostgreSQL",
                    bench.redisPort(), "Redis")), endToEnd.totalSeconds());
            header += "\nChart: `e2e.svg` (samples in `e2e-samples.csv`); JFR profile: `e2e.jfr`.\n";
        }
        return report.markdown(header);
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
