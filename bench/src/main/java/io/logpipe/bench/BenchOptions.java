package io.logpipe.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import net.sourceforge.argparse4j.ArgumentParsers;
import net.sourceforge.argparse4j.inf.ArgumentParser;
import net.sourceforge.argparse4j.inf.ArgumentParserException;
import net.sourceforge.argparse4j.inf.Namespace;

/** What one benchmark run does, from the command line. Defaults are the documented default scenario. */
record BenchOptions(
        long entries,
        int batch,
        long writeRows,
        List<Integer> acceptBatches,
        Duration acceptDuration,
        Duration warmup,
        int clients,
        int wrkThreads,
        int workers,
        long indexRows,
        long queryRows,
        int queryRuns,
        boolean keepQueryDatabase,
        Set<String> phases,
        long seed,
        String postgresUrl,
        String postgresUser,
        String postgresPassword,
        String redisUrl,
        Path jar,
        Path config,
        Path results,
        int basePort,
        String commandLine) {

    private static final long WRITE_ROWS = 1_000_000L;
    private static final long INDEX_ROWS = 500_000L;

    static final List<String> PHASES = List.of("accept", "e2e", "writes", "copy", "indexes", "query");

    static BenchOptions parse(String[] args) throws ArgumentParserException {
        ArgumentParser parser = ArgumentParsers.newFor("bench/run").build()
                .description("Measures logpipe next to PostgreSQL's own COPY on this machine, in one run.");
        parser.addArgument("--entries").type(Long.class).setDefault(1_000_000L)
                .help("entries sent in the end-to-end phase (default 1000000)");
        parser.addArgument("--batch").type(Integer.class).setDefault(1000)
                .help("entries per request in the end-to-end phase, rows per transaction in the writes phase"
                        + " (default 1000)");
        parser.addArgument("--write-rows").type(Long.class).setDefault(WRITE_ROWS)
                .help("rows each write path stores in the writes phase, the first of the end-to-end workload"
                        + " (default " + WRITE_ROWS + ")");
        parser.addArgument("--accept-batches").setDefault("1,100,1000")
                .help("batch sizes of the accepted-rate phase (default 1,100,1000)");
        parser.addArgument("--accept-seconds").type(Integer.class).setDefault(15)
                .help("seconds each accepted-rate measurement lasts (default 15)");
        parser.addArgument("--warmup-seconds").type(Integer.class).setDefault(5)
                .help("seconds of untimed load before each accepted-rate measurement (default 5)");
        parser.addArgument("--clients").type(Integer.class).setDefault(4)
                .help("concurrent keep-alive connections wrk keeps open (default 4)");
        parser.addArgument("--wrk-threads").type(Integer.class).setDefault(2)
                .help("wrk threads (default 2, at most --clients)");
        parser.addArgument("--workers").type(Integer.class).setDefault(1)
                .help("logpipe processes draining the queue, and the parallel COPY streams of the baseline"
                        + " (default 1: one logpipe process running API and worker); the writes phase's parallel"
                        + " connections are this number, at least 2");
        parser.addArgument("--index-rows").type(Long.class).setDefault(INDEX_ROWS)
                .help("rows of the end-to-end workload COPYed into each index variant of the indexes phase (default "
                        + INDEX_ROWS + ")");
        parser.addArgument("--query-rows").type(Long.class).setDefault(10_000_000L)
                .help("rows in the query dataset (default 10000000)");
        parser.addArgument("--query-runs").type(Integer.class).setDefault(200)
                .help("timed runs of each query shape, after 50 untimed runs of every shape (default 200)");
        parser.addArgument("--keep-query-db").action(net.sourceforge.argparse4j.impl.Arguments.storeTrue())
                .help("keep the query dataset database for the next run, which reuses it when it matches");
        parser.addArgument("--phases").setDefault(String.join(",", PHASES))
                .help("which phases to run (default " + String.join(",", PHASES) + ")");
        parser.addArgument("--seed").type(Long.class).setDefault(42L).help("generator seed (default 42)");
        parser.addArgument("--postgres").setDefault("jdbc:postgresql://127.0.0.1:5432/")
                .help("JDBC URL of the PostgreSQL server, without a database (default jdbc:postgresql://127.0.0.1:5432/)");
        parser.addArgument("--postgres-user").setDefault("postgres");
        parser.addArgument("--postgres-password").setDefault("");
        parser.addArgument("--redis").setDefault("redis://127.0.0.1:6379")
                .help("the Redis server, without a database number (default redis://127.0.0.1:6379)");
        parser.addArgument("--jar").setDefault("bootstrap/target/logpipe.jar");
        parser.addArgument("--config").setDefault("config.yml");
        parser.addArgument("--results").setDefault("bench/results").help("where result files go");
        parser.addArgument("--base-port").type(Integer.class).setDefault(18080)
                .help("first port of the logpipe processes the harness starts (default 18080)");
        Namespace ns = parser.parseArgs(args);

        List<Integer> acceptBatches;
        try {
            acceptBatches = List.of(ns.getString("accept_batches").split(",")).stream()
                    .map(String::trim).map(Integer::parseInt).toList();
        } catch (NumberFormatException e) {
            throw new ArgumentParserException("--accept-batches takes whole numbers separated by commas, such as"
                    + " 1,100,1000", parser);
        }
        if (acceptBatches.stream().anyMatch(size -> size < 1)) {
            throw new ArgumentParserException("--accept-batches sizes must be at least 1", parser);
        }
        Set<String> phases = Set.copyOf(List.of(ns.getString("phases").split(",")).stream().map(String::trim)
                .toList());
        for (String phase : phases) {
            if (!PHASES.contains(phase)) {
                throw new ArgumentParserException("unknown phase '" + phase + "'; phases are " + PHASES, parser);
            }
        }
        int clients = ns.getInt("clients");
        int workers = ns.getInt("workers");
        int batch = ns.getInt("batch");
        long entries = ns.getLong("entries");
        long writeRows = ns.getLong("write_rows");
        long indexRows = ns.getLong("index_rows");
        if (clients < 1 || workers < 1 || batch < 1 || entries < batch || writeRows < batch || indexRows < batch) {
            throw new ArgumentParserException("--clients, --workers and --batch must be at least 1, and --entries,"
                    + " --write-rows and --index-rows at least --batch", parser);
        }
        return new BenchOptions(
                entries, batch, writeRows, acceptBatches,
                Duration.ofSeconds(ns.getInt("accept_seconds")), Duration.ofSeconds(ns.getInt("warmup_seconds")),
                clients, Math.min(clients, ns.getInt("wrk_threads")), workers, indexRows,
                ns.getLong("query_rows"), ns.getInt("query_runs"), ns.getBoolean("keep_query_db"), phases,
                ns.getLong("seed"),
                ns.getString("postgres"), ns.getString("postgres_user"), ns.getString("postgres_password"),
                ns.getString("redis"),
                Path.of(ns.getString("jar")), Path.of(ns.getString("config")), Path.of(ns.getString("results")),
                ns.getInt("base_port"),
                "bench/run" + (args.length == 0 ? "" : " " + String.join(" ", args)));
    }

    boolean runs(String phase) {
        return phases.contains(phase);
    }
}
