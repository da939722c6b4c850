package io.logpipe.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The entries one run sends, fixed by seed and start time. Bodies are written to files before any timing starts,
 * one file per wrk thread ({@code <prefix>-<thread>.txt}, lines of {@code <tenant>\t<json>}), and the COPY
 * baseline regenerates exactly the same rows from the same seed.
 */
final class Workload {
    private final long seed;
    private final Instant start;
    private final Duration spacing;

    /**
     * @param entries how many entries the workload spans; timestamps run from {@code start} for {@code span}
     */
    Workload(long seed, Instant start, Duration span, long entries) {
        this.seed = seed;
        this.start = start;
        this.spacing = span.dividedBy(Math.max(1, entries));
    }

    EntryGenerator generator() {
        return new EntryGenerator(seed, start, spacing);
    }

    /**
     * The UTC days the first {@code entries} entries can fall on, oldest first: the partitions they need. A prefix
     * longer than the workload was made for runs past its span, at the same spacing.
     */
    List<LocalDate> days(long entries) {
        LocalDate first = LocalDate.ofInstant(start, ZoneOffset.UTC);
        // Each entry is jittered by up to one spacing past its slot.
        LocalDate last = LocalDate.ofInstant(start.plus(spacing.multipliedBy(entries + 1)), ZoneOffset.UTC);
        return first.datesUntil(last.plusDays(1)).toList();
    }

    /**
     * Writes {@code requests} bodies of {@code batchSize} entries, dealt round-robin to {@code threads} files.
     *
     * @param withIds whether entries carry their own ids (then a body sent twice stores its entries once)
     * @return the mean size of one entry's JSON, in bytes
     */
    double writeBodies(Path prefix, int requests, int batchSize, int threads, boolean withIds) throws IOException {
        EntryGenerator generator = generator();
        List<BufferedWriter> files = new ArrayList<>();
        long bytes = 0;
        try {
            for (int thread = 0; thread < threads; thread++) {
                files.add(Files.newBufferedWriter(Path.of(prefix + "-" + thread + ".txt"), StandardCharsets.UTF_8));
            }
            for (int request = 0; request < requests; request++) {
                List<SampleEntry> batch = generator.nextBatch(batchSize);
                String body = EntryFormats.ingestBody(batch, withIds);
                bytes += body.getBytes(StandardCharsets.UTF_8).length;
                BufferedWriter file = files.get(request % threads);
                file.write(String.valueOf(batch.get(0).tenant()));
                file.write('\t');
                file.write(body);
                file.write('\n');
            }
        } finally {
            for (BufferedWriter file : files) {
                file.close();
            }
        }
        return (double) bytes / ((long) requests * batchSize);
    }

    /**
     * The same entries as {@link #writeBodies} makes with this batch size, as COPY text, split into {@code streams}
     * parts of whole batches dealt round-robin; each part is a list of one encoded batch after another, so no single
     * array has to hold a whole part. Each entry's {@code received_at} is its timestamp plus 50 ms.
     */
    List<List<byte[]>> copyText(int requests, int batchSize, int streams) {
        EntryGenerator generator = generator();
        List<List<byte[]>> parts = new ArrayList<>();
        for (int stream = 0; stream < streams; stream++) {
            parts.add(new ArrayList<>());
        }
        StringBuilder text = new StringBuilder(batchSize * 340);
        for (int request = 0; request < requests; request++) {
            text.setLength(0);
            for (SampleEntry entry : generator.nextBatch(batchSize)) {
                EntryFormats.appendCopyRow(text, entry, entry.timestamp().plusMillis(50));
            }
            parts.get(request % streams).add(text.toString().getBytes(StandardCharsets.UTF_8));
        }
        return parts;
    }
}
