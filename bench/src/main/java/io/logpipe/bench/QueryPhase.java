package io.logpipe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Query latency through the HTTP API on a large table: every query shape the API offers, each run repeatedly with
 * parameters drawn from a seeded random source, one request at a time, as p50/p99.
 *
 * <p>The dataset (10 million rows by default, 5 tenants, 20 services, 2 UTC days) is loaded by COPY, since only its
 * size matters here. It lives in its own database, which {@code --keep-query-db} keeps for the next run; a kept
 * database is reused only if its size, seed and schema match. Queries are made as tenant {@code acme}, the largest.
 */
final class QueryPhase {
    static final String DATABASE = "logpipe_bench_queries";
    private static final int DATASET_VERSION = 1;
    private static final Instant DATASET_START = Instant.parse("2026-01-05T00:00:00Z");
    private static final Duration DATASET_SPAN = Duration.ofDays(2);
    private static final int LOAD_CHUNK = 100_000;
    private static final int WARMUP_RUNS = 50;
    private static final int DEEP_PAGE = 100;
    private static final String TENANT = EntryGenerator.TENANTS.get(0);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Bench bench;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    QueryPhase(Bench bench) {
        this.bench = bench;
    }

    /** @param meanEntries how many entries a response held on average */
    record Result(String shape, int runs, double p50Millis, double p99Millis, double meanEntries) {
    }

    List<Result> run() throws Exception {
        BenchOptions options = bench.options();
        long rows = options.queryRows();
        Pipeline pipeline = bench.pipelineOn(DATABASE);
        boolean reused = prepareDataset(pipeline, rows);
        bench.log("queries on %,d rows (%s)", rows, reused ? "kept dataset reused" : "loaded now");
        String key = pipeline.createKey(TENANT);
        List<LogpipeProcess> processes = pipeline.start("query", 0);
        try {
            String base = processes.get(0).baseUrl() + "/query/?";
            SplittableRandom random = new SplittableRandom(options.seed());
            List<String> deepPages = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                deepPages.add(deepPage(base + window(random, Duration.ofDays(1)), key));
            }
            Map<String, Function<SplittableRandom, String>> shapes = new LinkedHashMap<>();
            shapes.put("tenant, newest page", r -> base);
            shapes.put("tenant + 1 h window", r -> base + window(r, Duration.ofHours(1)));
            shapes.put("tenant + service + 1 h", r -> base + window(r, Duration.ofHours(1)) + "&service=" + service(r));
            shapes.put("tenant + service, no window", r -> base + "service=" + service(r));
            shapes.put("tenant + level error + 24 h", r -> base + window(r, Duration.ofDays(1)) + "&level=error");
            shapes.put("tenant + 24 h, page " + (DEEP_PAGE + 1) + " by cursor",
                    r -> deepPages.get(r.nextInt(deepPages.size())));
            // Warm every shape before timing any, so the first shape does not pay for the fresh JVM's compilation.
            for (Map.Entry<String, Function<SplittableRandom, String>> shape : shapes.entrySet()) {
                run(shape.getKey(), key, shape.getValue(), WARMUP_RUNS);
            }
            List<Result> results = new ArrayList<>();
            for (Map.Entry<String, Function<SplittableRandom, String>> shape : shapes.entrySet()) {
                results.add(time(shape.getKey(), key, shape.getValue()));
            }
            return results;
        } finally {
            Pipeline.stop(processes);
            if (!options.keepQueryDatabase()) {
                bench.postgres().drop(DATABASE);
            }
        }
    }

    private Result time(String shape, String key, Function<SplittableRandom, String> url)
            throws IOException, InterruptedException {
        int runs = bench.options().queryRuns();
        double[] millis = new double[runs];
        long entries = 0;
        SplittableRandom random = new SplittableRandom(bench.options().seed() + shape.hashCode());
        for (int i = 0; i < runs; i++) {
            String target = url.apply(random);
            long start = System.nanoTime();
            JsonNode page = get(target, key);
            millis[i] = (System.nanoTime() - start) / 1e6;
            entries += page.get("entries").size();
        }
        Arrays.sort(millis);
        Result result = new Result(shape, runs, Percentiles.of(millis, 50), Percentiles.of(millis, 99),
                (double) entries / runs);
        bench.log("  %-34s p50 %7.1f ms  p99 %7.1f ms  %5.0f entries", shape, result.p50Millis(),
                result.p99Millis(), result.meanEntries());
        return result;
    }

    /** Runs a shape untimed, with parameters of its own so the timed runs do not repeat them. */
    private void run(String shape, String key, Function<SplittableRandom, String> url, int runs)
            throws IOException, InterruptedException {
        SplittableRandom random = new SplittableRandom(bench.options().seed() - shape.hashCode());
        for (int i = 0; i < runs; i++) {
            get(url.apply(random), key);
        }
    }

    /** The URL of the page after {@value #DEEP_PAGE} pages of 100, found by following the cursors. */
    private String deepPage(String firstPage, String key) throws IOException, InterruptedException {
        String url = firstPage;
        for (int page = 0; page < DEEP_PAGE; page++) {
            JsonNode next = get(url, key).get("next_cursor");
            if (next == null || next.isNull()) {
                throw new IOException("the dataset ended before page " + DEEP_PAGE + " of " + firstPage);
            }
            url = firstPage + "&cursor=" + URLEncoder.encode(next.asText(), StandardCharsets.UTF_8);
        }
        return url;
    }

    private JsonNode get(String url, String key) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static String window(SplittableRandom random, Duration length) {
        long slots = DATASET_SPAN.minus(length).toHours();
        Instant from = DATASET_START.plus(Duration.ofHours(random.nextLong(slots + 1)));
        return "from=" + from + "&to=" + from.plus(length);
    }

    private static String service(SplittableRandom random) {
        return EntryGenerator.SERVICES.get(random.nextInt(EntryGenerator.SERVICES.size()));
    }

    /** Makes sure the dataset is there; returns whether a kept one was reused. */
    private boolean prepareDataset(Pipeline pipeline, long rows) throws Exception {
        String signature = "rows=" + rows + ",seed=" + bench.options().seed() + ",version=" + DATASET_VERSION;
        if (bench.postgres().exists(DATABASE) && signature.equals(storedSignature())) {
            pipeline.migrate();
            if (signature.equals(storedSignature())) {
                return true;
            }
        }
        bench.postgres().drop(DATABASE);
        bench.postgres().create(DATABASE);
        pipeline.migrate();
        Workload dataset = new Workload(bench.options().seed(), DATASET_START, DATASET_SPAN, rows);
        List<LocalDate> days = List.of(LocalDate.ofInstant(DATASET_START, ZoneOffset.UTC),
                LocalDate.ofInstant(DATASET_START, ZoneOffset.UTC).plusDays(1),
                LocalDate.ofInstant(DATASET_START, ZoneOffset.UTC).plusDays(2));
        bench.postgres().createPartitions(DATABASE, days);
        load(dataset, rows);
        bench.log("  VACUUM ANALYZE");
        bench.postgres().execute(DATABASE, "VACUUM ANALYZE log_entries");
        bench.postgres().execute(DATABASE, "CREATE TABLE bench_dataset (signature text NOT NULL, changesets bigint)");
        bench.postgres().execute(DATABASE, "INSERT INTO bench_dataset SELECT '" + signature
                + "', (SELECT count(*) FROM databasechangelog)");
        return false;
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
                StringBuilder text = new StringBuilder(size * 340);
                for (int i = 0; i < size; i++) {
                    SampleEntry entry = generator.next(generator.weightedTenant());
                    EntryFormats.appendCopyRow(text, entry, entry.timestamp().plusMillis(50));
                }
                byte[] chunk = text.toString().getBytes(StandardCharsets.UTF_8);
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
}
