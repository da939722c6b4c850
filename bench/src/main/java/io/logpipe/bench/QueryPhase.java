package io.logpipe.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Query latency through the HTTP API on a large table: every query shape of {@link QueryShapes}, each run repeatedly
 * with parameters drawn from a seeded random source, one request at a time, as p50/p99.
 *
 * <p>The dataset (10 million rows by default, 5 tenants, 20 services, 2 UTC days) is loaded by COPY into the table
 * with all its indexes. It lives in its own database, which {@code --keep-query-db} keeps for the next run; a kept
 * database is reused only if its size, seed, the generator's output and the schema match. Queries are made as tenant
 * {@code acme}, the largest.
 */
final class QueryPhase {
    static final String DATABASE = "logpipe_bench_queries";
    private static final int DATASET_VERSION = 2;
    /** Rows of the dataset whose digest stands for the generator in the dataset's signature. */
    private static final int SIGNATURE_ROWS = 1_000;
    private static final Instant DATASET_START = Instant.parse("2026-01-05T00:00:00Z");
    private static final Duration DATASET_SPAN = Duration.ofDays(2);
    private static final int LOAD_CHUNK = 100_000;
    private static final int WARMUP_RUNS = 50;
    private static final int DEEP_PAGES = 5;
    private static final int PROBES = 200;
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);
    private static final String TENANT = EntryGenerator.TENANTS.get(0);
    private static final String CACHE_HITS = "logpipe_query_cache_hits_total";

    private final Bench bench;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    QueryPhase(Bench bench) {
        this.bench = bench;
    }

    /**
     * @param answers what the answers held on average, such as {@code 100 entries a page}
     * @param failures runs not answered 200 (their time is in the percentiles: it is what the client waited)
     * @param firstFailure the first such answer, or null
     * @param cacheHits timed runs that logpipe's query cache answered, which should be none
     */
    record Result(String shape, int runs, double p50Millis, double p99Millis, String answers, int failures,
                  String firstFailure, long cacheHits) {
    }

    List<Result> run() throws Exception {
        BenchOptions options = bench.options();
        long rows = options.queryRows();
        Pipeline pipeline = bench.pipelineOn(DATABASE);
        boolean reused = prepareDataset(pipeline, rows);
        bench.log("queries on %,d rows (%s)", rows, reused ? "kept dataset reused" : "loaded now");
        String key = pipeline.createKey(TENANT);
        List<LogpipeProcess> processes = pipeline.start("query", 0, settings());
        try {
            QueryShapes shapes = new QueryShapes(processes.get(0).baseUrl(), DATASET_START, DATASET_SPAN);
            SplittableRandom random = new SplittableRandom(options.seed());
            List<QueryShapes.Probe> probes = probes(shapes, random);
            List<String> deepPages = new ArrayList<>();
            for (int i = 0; i < DEEP_PAGES; i++) {
                deepPages.add(deepPage(shapes.search(shapes.window(random, Duration.ofDays(1))), key));
            }
            List<QueryShapes.Shape> all = shapes.all(probes, deepPages);
            // Warm every shape before timing any, so the first shape does not pay for the fresh JVM's compilation.
            for (QueryShapes.Shape shape : all) {
                run(shape, key, WARMUP_RUNS);
            }
            List<Result> results = new ArrayList<>();
            for (QueryShapes.Shape shape : all) {
                results.add(time(shape, key, processes.get(0)));
            }
            return results;
        } finally {
            Pipeline.stop(processes);
            if (!options.keepQueryDatabase()) {
                bench.postgres().drop(DATABASE);
            }
        }
    }

    /**
     * The query cache turned off: it answers identical requests of the last seconds from memory, and the shapes
     * repeat their parameters (the deep pages exactly), so it would time the cache instead of PostgreSQL. A
     * configuration without one (an older release) gets no override, since Dropwizard refuses one of a setting that
     * does not exist; cache hits are counted either way.
     */
    private Map<String, String> settings() throws IOException {
        return declaresQueryCache(Files.readString(bench.options().config()))
                ? Map.of("query.cache.ttl", "0s") : Map.of();
    }

    /** Whether the YAML has a {@code cache} section inside its top-level {@code query} section. */
    static boolean declaresQueryCache(String yaml) {
        boolean inQuery = false;
        for (String line : yaml.split("\n")) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                inQuery = line.startsWith("query:");
            } else if (inQuery && line.strip().startsWith("cache:")) {
                return true;
            }
        }
        return false;
    }

    private Result time(QueryShapes.Shape shape, String key, LogpipeProcess server)
            throws IOException, InterruptedException {
        double hitsBefore = server.metric(CACHE_HITS);
        int runs = bench.options().queryRuns();
        double[] millis = new double[runs];
        QueryAnswer.Mean mean = new QueryAnswer.Mean(shape.kind());
        int failures = 0;
        String firstFailure = null;
        SplittableRandom random = new SplittableRandom(bench.options().seed() + shape.label().hashCode());
        for (int i = 0; i < runs; i++) {
            String target = shape.url().apply(random);
            long start = System.nanoTime();
            HttpResponse<String> response = get(target, key);
            millis[i] = (System.nanoTime() - start) / 1e6;
            if (response.statusCode() == 200) {
                mean.add(read(shape, response.body()));
            } else {
                failures++;
                firstFailure = firstFailure != null ? firstFailure : failure(target, response);
            }
        }
        long cacheHits = Math.round(server.metric(CACHE_HITS) - hitsBefore);
        Arrays.sort(millis);
        Result result = new Result(shape.label(), runs, Percentiles.of(millis, 50), Percentiles.of(millis, 99),
                mean.describe(), failures, firstFailure, cacheHits);
        bench.log("  %-42s p50 %7.1f ms  p99 %7.1f ms  %s%s%s", shape.label(), result.p50Millis(),
                result.p99Millis(), result.answers(), cacheHits == 0 ? "" : "; " + cacheHits + " answered by the cache",
                failures == 0 ? "" : "; " + failures + " failed: " + firstFailure);
        return result;
    }

    /** Runs a shape untimed, with parameters of its own so the timed runs do not repeat them. */
    private void run(QueryShapes.Shape shape, String key, int runs) throws IOException, InterruptedException {
        SplittableRandom random = new SplittableRandom(bench.options().seed() - shape.label().hashCode());
        for (int i = 0; i < runs; i++) {
            String target = shape.url().apply(random);
            HttpResponse<String> response = get(target, key);
            if (response.statusCode() == 200) {
                read(shape, response.body());
            } else if (i == 0) {
                bench.log("  warm-up of %s: %s", shape.label(), failure(target, response));
            }
        }
    }

    private static QueryAnswer read(QueryShapes.Shape shape, String body) throws IOException {
        return shape.kind() == QueryShapes.Kind.HISTOGRAM ? QueryAnswer.histogram(body) : QueryAnswer.page(body);
    }

    /**
     * Stored entries of the tenant at random instants, each the first traced one at or after its instant, for the
     * trace id and attribute lookups: they must find something, and what a user looks up is what was logged.
     */
    private List<QueryShapes.Probe> probes(QueryShapes shapes, SplittableRandom random) throws SQLException {
        List<QueryShapes.Probe> probes = new ArrayList<>();
        try (Connection connection = bench.postgres().connect(DATABASE);
             PreparedStatement first = connection.prepareStatement("""
                     SELECT timestamp, trace_id, attributes->>'user_id' FROM log_entries
                     WHERE tenant = ? AND timestamp >= ? AND trace_id IS NOT NULL
                     ORDER BY timestamp LIMIT 1""")) {
            for (int i = 0; i < PROBES; i++) {
                QueryShapes.Window hour = shapes.window(random, Duration.ofHours(1));
                first.setString(1, TENANT);
                first.setObject(2, OffsetDateTime.ofInstant(hour.from(), ZoneOffset.UTC));
                try (ResultSet row = first.executeQuery()) {
                    if (row.next()) {
                        probes.add(new QueryShapes.Probe(row.getObject(1, OffsetDateTime.class).toInstant(),
                                row.getString(2), Long.parseLong(row.getString(3))));
                    }
                }
            }
        }
        if (probes.isEmpty()) {
            throw new SQLException("no traced entry of " + TENANT + " in the query dataset");
        }
        return probes;
    }

    /** The URL of the page after {@value QueryShapes#DEEP_PAGE} pages, found by following the cursors. */
    private String deepPage(String firstPage, String key) throws IOException, InterruptedException {
        String url = firstPage;
        for (int page = 0; page < QueryShapes.DEEP_PAGE; page++) {
            HttpResponse<String> response = get(url, key);
            if (response.statusCode() != 200) {
                throw new IOException(failure(url, response));
            }
            String next = QueryAnswer.page(response.body()).nextCursor();
            if (next == null) {
                throw new IOException("the dataset ended before page " + QueryShapes.DEEP_PAGE + " of " + firstPage);
            }
            url = QueryShapes.withCursor(firstPage, next);
        }
        return url;
    }

    private HttpResponse<String> get(String url, String key) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String failure(String url, HttpResponse<String> response) {
        return "GET " + url + " answered " + response.statusCode() + ": " + QueryAnswer.abbreviated(response.body());
    }

    /** Makes sure the dataset is there; returns whether a kept one was reused. */
    private boolean prepareDataset(Pipeline pipeline, long rows) throws Exception {
        Workload dataset = new Workload(bench.options().seed(), DATASET_START, DATASET_SPAN, rows);
        String signature = "rows=" + rows + ",seed=" + bench.options().seed() + ",version=" + DATASET_VERSION
                + ",rows-digest=" + digest(dataset, SIGNATURE_ROWS);
        if (bench.postgres().exists(DATABASE) && signature.equals(storedSignature())) {
            if (migrateKept(pipeline) && signature.equals(storedSignature())) {
                return true;
            }
        }
        bench.postgres().drop(DATABASE);
        bench.postgres().create(DATABASE);
        pipeline.migrate();
        bench.postgres().createPartitions(DATABASE, dataset.days(rows));
        load(dataset, rows);
        bench.log("  VACUUM ANALYZE");
        bench.postgres().execute(DATABASE, "VACUUM ANALYZE log_entries");
        bench.postgres().execute(DATABASE, "CREATE TABLE bench_dataset (signature text NOT NULL, changesets bigint)");
        bench.postgres().execute(DATABASE, "INSERT INTO bench_dataset SELECT '" + signature
                + "', (SELECT count(*) FROM databasechangelog)");
        return false;
    }

    /**
     * Migrates a kept dataset's schema; false when that fails, as it does when a change set it already ran has been
     * edited since (Liquibase refuses a changed checksum), so the dataset is loaded anew instead.
     */
    private boolean migrateKept(Pipeline pipeline) throws InterruptedException {
        try {
            pipeline.migrate();
            return true;
        } catch (IOException e) {
            bench.log("  the kept dataset's schema does not migrate; loading it anew (%s)",
                    e.getMessage().lines().findFirst().orElse(""));
            return false;
        }
    }

    /**
     * A digest of the dataset's first rows as COPY text, so a change to the generator (or to the row format) makes a
     * kept dataset stale without anyone remembering to bump {@link #DATASET_VERSION}.
     */
    static String digest(Workload dataset, int rows) {
        String text = nextRows(dataset.generator(), rows);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The dataset's signature, or null when it is missing or the schema has had migrations since it was loaded. */
    private String storedSignature() throws SQLException {
        try {
            long changesets = bench.postgres().count(DATABASE, "SELECT count(*) FROM databasechangelog");
            long recorded = bench.postgres().count(DATABASE, "SELECT changesets FROM bench_dataset");
            if (changesets != recorded) {
                return null;
            }
            try (var connection = bench.postgres().connect(DATABASE);
                 var statement = connection.createStatement();
                 var row = statement.executeQuery("SELECT signature FROM bench_dataset")) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (SQLException missing) {
            return null;
        }
    }

    /** COPYs the dataset in chunks on two connections, generating the next chunk while the last ones load. */
    private void load(Workload dataset, long rows) throws Exception {
        bench.log("  loading %,d rows by COPY", rows);
        long start = System.nanoTime();
        EntryGenerator generator = dataset.generator();
        ExecutorService loaders = Executors.newFixedThreadPool(2);
        Semaphore inFlight = new Semaphore(4);
        List<Future<Long>> chunks = new ArrayList<>();
        try {
            for (long done = 0; done < rows; done += LOAD_CHUNK) {
                int size = (int) Math.min(LOAD_CHUNK, rows - done);
                byte[] chunk = nextRows(generator, size).getBytes(StandardCharsets.UTF_8);
                inFlight.acquire();
                chunks.add(loaders.submit(() -> {
                    try {
                        return bench.postgres().copy(DATABASE, new ByteArrayInputStream(chunk));
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            long loaded = 0;
            for (Future<Long> chunk : chunks) {
                loaded += chunk.get();
            }
            bench.log("  loaded %,d rows in %.0f s", loaded, (System.nanoTime() - start) / 1e9);
        } finally {
            loaders.shutdownNow();
        }
    }

    /** The generator's next rows as COPY text: each of a tenant drawn by weight, as the dataset interleaves them. */
    private static String nextRows(EntryGenerator generator, int rows) {
        StringBuilder text = new StringBuilder(rows * 340);
        for (int i = 0; i < rows; i++) {
            SampleEntry entry = generator.next(generator.weightedTenant());
            EntryFormats.appendCopyRow(text, entry, entry.timestamp().plusMillis(50));
        }
        return text.toString();
    }
}
