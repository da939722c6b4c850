package io.logpipe.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One benchmark run's shared state: its options, the scratch database and Redis database it owns, the API keys, the
 * workloads and the places it writes to. The phases read it; {@link BenchMain} creates and removes it.
 */
final class Bench {
    static final String ACCEPTED = "logpipe_entries_accepted_total";
    static final String WRITTEN = "logpipe_entries_written_total";
    static final String BACKLOG = "logpipe_queue_backlog_entries";
    /** Ingest accepts timestamps up to 7 days old; generated ones lie in the half hour before the run. */
    private static final Duration TIMESTAMP_SPAN = Duration.ofMinutes(30);

    private final BenchOptions options;
    private final Postgres postgres;
    private final RedisScratch redis;
    private final String database;
    private final Path workDirectory;
    private final Path resultDirectory;
    private final LogpipeProcess.Setup setup;
    private final Wrk wrk;
    private final Workload acceptWorkload;
    private final Workload endToEndWorkload;
    private final List<String> keys = new ArrayList<>();

    Bench(BenchOptions options, Postgres postgres, RedisScratch redis, String database, Path workDirectory,
          Path resultDirectory, String java) {
        this.options = options;
        this.postgres = postgres;
        this.redis = redis;
        this.database = database;
        this.workDirectory = workDirectory;
        this.resultDirectory = resultDirectory;
        this.setup = new LogpipeProcess.Setup(java, options.jar().toAbsolutePath(), options.config().toAbsolutePath(),
                resultDirectory.resolve("logs"));
        this.wrk = new Wrk(workDirectory, options.wrkThreads(), options.clients());
        Instant start = Instant.now().minus(TIMESTAMP_SPAN).truncatedTo(ChronoUnit.SECONDS);
        this.acceptWorkload = new Workload(options.seed() + 1, start, TIMESTAMP_SPAN, 200_000);
        this.endToEndWorkload = new Workload(options.seed(), start, TIMESTAMP_SPAN, options.entries());
    }

    /**
     * Creates the schema with logpipe's own {@code db migrate} and, for the phases that send wrk's requests, one API
     * key per tenant (the query phase makes its own; the writes phase sends none).
     */
    void prepare() throws IOException, InterruptedException {
        Pipeline pipeline = pipeline();
        pipeline.migrate();
        if (options.runs("accept") || options.runs("e2e")) {
            for (String tenant : EntryGenerator.TENANTS) {
                keys.add(pipeline.createKey(tenant));
            }
        }
    }

    /** Empties the queue and the table, so each phase starts from nothing. */
    void resetStores() throws SQLException {
        redis.flush();
        postgres.execute(database, "TRUNCATE log_entries");
    }

    /** Creates the partitions a workload's timestamps fall in, as logpipe would on its first write. */
    void ensurePartitions(Workload workload) throws SQLException {
        EntryGenerator generator = workload.generator();
        TreeSet<LocalDate> days = new TreeSet<>();
        days.add(LocalDate.ofInstant(generator.next(0).timestamp(), ZoneOffset.UTC));
        days.add(LocalDate.ofInstant(Instant.now(), ZoneOffset.UTC));
        postgres.createPartitions(database, days);
    }

    Pipeline pipeline() {
        return pipelineOn(database);
    }

    Pipeline pipelineOn(String databaseName) {
        Map<String, String> environment = LogpipeProcess.externalMode(postgres.url(databaseName), postgres.user(),
                postgres.password(), redis.url());
        return new Pipeline(setup, environment, options.basePort());
    }

    void log(String format, Object... arguments) {
        System.out.printf("[bench %s] %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS),
                String.format(format, arguments));
        System.out.flush();
    }

    /** The PostgreSQL server's port, to tell its socket reads from others in a profile. */
    int postgresPort() {
        int port = URI.create(postgres.serverUrl().substring("jdbc:".length())).getPort();
        return port < 0 ? 5432 : port;
    }

    int redisPort() {
        int port = URI.create(options.redisUrl()).getPort();
        return port < 0 ? 6379 : port;
    }

    BenchOptions options() {
        return options;
    }

    Postgres postgres() {
        return postgres;
    }

    String database() {
        return database;
    }

    Path workDirectory() {
        return workDirectory;
    }

    Path resultDirectory() {
        return resultDirectory;
    }

    Path logDirectory() {
        return setup.logDirectory();
    }

    String java() {
        return setup.java();
    }

    Wrk wrk() {
        return wrk;
    }

    List<String> keys() {
        return keys;
    }

    Workload acceptWorkload() {
        return acceptWorkload;
    }

    Workload endToEndWorkload() {
        return endToEndWorkload;
    }
}
