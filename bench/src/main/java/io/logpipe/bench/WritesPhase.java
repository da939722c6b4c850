package io.logpipe.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The candidate write paths of logpipe's worker ({@link WritePath}), measured with the harness's own connections: the
 * first {@code --write-rows} rows of the end-to-end workload in batches of {@code --batch}, each batch one
 * transaction, on 1 and on {@code max(2, --workers)} connections in parallel (batches dealt round-robin), each time
 * on an emptied {@code log_entries} with all its indexes. Then the cost of a replay: batches whose rows are all stored
 * already, as a redelivered batch is.
 *
 * <p>Every value is prepared before timing; the statement paths' times include the driver's encoding of the bound
 * values, the COPY paths' exclude the binary encoding, which is measured on its own.
 */
final class WritesPhase {
    /** Batches each measurement writes untimed first (JIT, prepared statements), then empties the table again. */
    private static final int WARMUP_BATCHES = 20;
    static final int REPLAY_WARMUP_BATCHES = 3;
    private static final int REPLAY_BATCHES = 20;

    private final Bench bench;

    WritesPhase(Bench bench) {
        this.bench = bench;
    }

    /** @param seconds from the first batch's start to the last batch's commit, over all connections */
    record Measurement(WritePath path, int streams, long rows, double seconds, double p50Millis, double p99Millis) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    /** @param uniqueViolation whether every batch failed with SQLSTATE 23505 (otherwise each stored no row) */
    record Replay(String path, int batches, boolean uniqueViolation, double p50Millis, double p99Millis) {
    }

    /** @param encodeMillis the binary COPY encoding of one batch on one thread, p50 */
    record Result(long rows, int batch, double encodeMillis, List<Measurement> measurements, List<Replay> replays) {
    }

    private interface Opener {
        WritePath.Writer open(Connection connection) throws SQLException;
    }

    private record Run(long newRows, double seconds, double[] sortedMillis) {
    }

    Result run() throws Exception {
        BenchOptions options = bench.options();
        int batchSize = options.batch();
        int batchCount = (int) (options.writeRows() / batchSize);
        List<WritePath.Batch> batches = new ArrayList<>(batchCount);
        double[] encodeMillis = new double[batchCount];
        EntryGenerator generator = bench.endToEndWorkload().generator();
        TreeSet<LocalDate> days = new TreeSet<>();
        for (int i = 0; i < batchCount; i++) {
            List<SampleEntry> entries = generator.nextBatch(batchSize);
            EntryColumns columns = EntryColumns.of(entries);
            long start = System.nanoTime();
            byte[] copy = BinaryCopy.encode(columns);
            encodeMillis[i] = (System.nanoTime() - start) / 1e6;
            batches.add(new WritePath.Batch(columns, copy));
            days.add(LocalDate.ofInstant(entries.get(0).timestamp(), ZoneOffset.UTC));
            days.add(LocalDate.ofInstant(entries.get(entries.size() - 1).timestamp(), ZoneOffset.UTC));
        }
        bench.postgres().createPartitions(bench.database(), days);
        Arrays.sort(encodeMillis);
        long rows = (long) batchCount * batchSize;
        bench.log("writes: %,d rows in %,d batches of %d (binary COPY encoding %.2f ms a batch, p50)", rows,
                batchCount, batchSize, Percentiles.of(encodeMillis, 50));

        int parallel = Math.max(2, options.workers());
        List<Measurement> measurements = new ArrayList<>();
        for (WritePath path : WritePath.values()) {
            for (int streams : List.of(1, parallel)) {
                measurements.add(measure(path, streams, batches));
            }
        }
        // The table now holds every row, so the first batches are entirely stored already.
        List<WritePath.Batch> stored = batches.subList(0, Math.min(batchCount,
                REPLAY_WARMUP_BATCHES + REPLAY_BATCHES));
        List<Replay> replays = new ArrayList<>();
        for (WritePath path : WritePath.values()) {
            replays.add(replay(path.label(), path::open, stored, path == WritePath.COPY));
        }
        replays.add(replay(WritePath.COPY.label() + ", on 23505 staging", WritePath::copyFallingBackToStaging,
                stored, false));
        return new Result(rows, batchSize, Percentiles.of(encodeMillis, 50), measurements, replays);
    }

    private Measurement measure(WritePath path, int streams, List<WritePath.Batch> batches) throws Exception {
        String database = bench.database();
        bench.postgres().execute(database, "TRUNCATE log_entries");
        List<Connection> connections = new ArrayList<>();
        try {
            List<WritePath.Writer> writers = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                Connection connection = bench.postgres().connect(database);
                connections.add(connection);
                writers.add(path.open(connection));
            }
            write(writers, batches.subList(0, Math.min(batches.size(), WARMUP_BATCHES)));
            bench.postgres().execute(database, "TRUNCATE log_entries");
            bench.postgres().execute(database, "CHECKPOINT");
            bench.log("  %s, %d connection(s)", path.label(), streams);
            Run run = write(writers, batches);
            long rows = (long) batches.size() * batches.get(0).size();
            long stored = bench.postgres().count(database, "SELECT count(*) FROM log_entries");
            if (run.newRows() != rows || stored != rows) {
                throw new IOException(path.label() + " reported " + run.newRows() + " new rows and left " + stored
                        + " in log_entries; expected " + rows);
            }
            Measurement result = new Measurement(path, streams, rows, run.seconds(),
                    Percentiles.of(run.sortedMillis(), 50), Percentiles.of(run.sortedMillis(), 99));
            bench.log("    %,.0f rows/s (%.1f s), %.1f ms a batch p50, %.1f ms p99", result.rowsPerSecond(),
                    result.seconds(), result.p50Millis(), result.p99Millis());
            return result;
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }

    /** Writes the batches, dealt round-robin to the writers, each writer on a thread of its own. */
    private static Run write(List<WritePath.Writer> writers, List<WritePath.Batch> batches) throws Exception {
        int streams = writers.size();
        ExecutorService threads = Executors.newFixedThreadPool(streams);
        try {
            long start = System.nanoTime();
            List<Future<long[]>> parts = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                int stream = s;
                parts.add(threads.submit(() -> {
                    long[] newRowsThenNanos = new long[1 + (batches.size() - stream + streams - 1) / streams];
                    int slot = 1;
                    for (int i = stream; i < batches.size(); i += streams) {
                        long batchStart = System.nanoTime();
                        newRowsThenNanos[0] += writers.get(stream).write(batches.get(i));
                        newRowsThenNanos[slot++] = System.nanoTime() - batchStart;
                    }
                    return newRowsThenNanos;
                }));
            }
            long newRows = 0;
            double[] millis = new double[batches.size()];
            int next = 0;
            for (Future<long[]> part : parts) {
                long[] result = get(part);
                newRows += result[0];
                for (int i = 1; i < result.length; i++) {
                    millis[next++] = result[i] / 1e6;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(millis);
            return new Run(newRows, seconds, millis);
        } finally {
            threads.shutdownNow();
        }
    }

    private static <T> T get(Future<T> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /**
     * Writes batches that are all stored already, one at a time on one connection; each must store no row, or, if
     * {@code uniqueViolation}, fail with SQLSTATE 23505.
     */
    private Replay replay(String label, Opener opener, List<WritePath.Batch> stored, boolean uniqueViolation)
            throws SQLException, IOException {
        try (Connection connection = bench.postgres().connect(bench.database())) {
            WritePath.Writer writer = opener.open(connection);
            int warmup = Math.min(REPLAY_WARMUP_BATCHES, stored.size() - 1);
            double[] millis = new double[stored.size() - warmup];
            for (int i = 0; i < stored.size(); i++) {
                long start = System.nanoTime();
                replayOne(label, writer, stored.get(i), uniqueViolation);
                if (i >= warmup) {
                    millis[i - warmup] = (System.nanoTime() - start) / 1e6;
                }
            }
            Arrays.sort(millis);
            Replay replay = new Replay(label, millis.length, uniqueViolation, Percentiles.of(millis, 50),
                    Percentiles.of(millis, 99));
            bench.log("  replay, %s: %.1f ms a batch p50, %.1f ms p99", label, replay.p50Millis(),
                    replay.p99Millis());
            return replay;
        }
    }

    private static void replayOne(String label, WritePath.Writer writer, WritePath.Batch batch,
                                  boolean uniqueViolation) throws SQLException, IOException {
        long newRows;
        try {
            newRows = writer.write(batch);
        } catch (SQLException e) {
            if (uniqueViolation && WritePath.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return;
            }
            throw e;
        }
        if (uniqueViolation || newRows != 0) {
            throw new IOException("replaying a stored batch with " + label + " stored " + newRows + " rows; expected "
                    + (uniqueViolation ? "SQLSTATE " + WritePath.UNIQUE_VIOLATION : "none"));
        }
    }
}
