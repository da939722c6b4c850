package io.logpipe.bench;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The limit: PostgreSQL's own {@code COPY} of the end-to-end phase's rows (same generator, same seed) straight into
 * logpipe's table, with as many parallel streams as there are worker processes, (a) with all its indexes and (b)
 * with only its primary key. Each stream is one COPY in one transaction; the rows are encoded before timing.
 */
final class CopyPhase {
    private final Bench bench;

    CopyPhase(Bench bench) {
        this.bench = bench;
    }

    /** @param droppedIndexes the secondary indexes the table lacked, empty for the table as logpipe has it */
    record Result(long rows, int streams, double seconds, List<String> droppedIndexes) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    List<Result> run() throws Exception {
        BenchOptions options = bench.options();
        int requests = (int) (options.entries() / options.batch());
        List<List<byte[]>> parts = bench.endToEndWorkload().copyText(requests, options.batch(), options.workers());
        bench.ensurePartitions(bench.endToEndWorkload());
        List<Result> results = new ArrayList<>();
        results.add(copy(parts, List.of()));
        results.add(copy(parts, bench.postgres().dropSecondaryIndexes(bench.database())));
        return results;
    }

    private static InputStream concatenated(List<byte[]> chunks) {
        return new SequenceInputStream(Collections.enumeration(
                chunks.stream().map(ByteArrayInputStream::new).toList()));
    }

    private Result copy(List<List<byte[]>> parts, List<String> droppedIndexes) throws Exception {
        bench.postgres().execute(bench.database(), "TRUNCATE log_entries");
        bench.postgres().execute(bench.database(), "CHECKPOINT");
        bench.log("COPY into log_entries%s, %d stream(s)",
                droppedIndexes.isEmpty() ? " with all its indexes" : " without " + droppedIndexes, parts.size());
        ExecutorService streams = Executors.newFixedThreadPool(parts.size());
        try {
            long start = System.nanoTime();
            List<Future<Long>> copies = new ArrayList<>();
            for (List<byte[]> part : parts) {
                copies.add(streams.submit(() -> bench.postgres().copy(bench.database(), concatenated(part))));
            }
            long rows = 0;
            for (Future<Long> copy : copies) {
                rows += copy.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Result result = new Result(rows, parts.size(), seconds, droppedIndexes);
            bench.log("  %,.0f rows/s (%,d rows in %.1f s)", result.rowsPerSecond(), rows, seconds);
            return result;
        } finally {
            streams.shutdownNow();
        }
    }
}
