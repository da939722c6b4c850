package io.logpipe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns a run's results into the markdown the harness prints and keeps, and the chart of the end-to-end phase. */
final class Report {
    /** Waits shorter than this in sum are housekeeping (pool evictors, a partition check), not the workload. */
    private static final Duration NOTABLE_WAIT = Duration.ofMillis(100);

    private final List<String> rows = new ArrayList<>();
    private final List<String> sections = new ArrayList<>();

    void accepted(List<AcceptPhase.Result> results) {
        StringBuilder profiles = new StringBuilder("Hottest methods of each accepted-rate measurement (JFR, self time;"
                + " innermost logpipe frames after the arrow):\n\n");
        for (AcceptPhase.Result result : results) {
            profiles.append("- workers ").append(result.workersOn() ? "on" : "off").append(", batch ")
                    .append(result.batch()).append(": ");
            List<String> methods = new ArrayList<>();
            result.profile().methods().forEach(method -> methods.add(String.format(Locale.ROOT, "`%s` %.1f%%",
                    method.method(), method.share() * 100)));
            profiles.append(String.join(", ", methods)).append(" → ").append(shares(result.profile().ownCodeShares(), 3))
                    .append('\n');
            row("accepted, workers " + (result.workersOn() ? "on" : "off"),
                    "batch " + result.batch(),
                    entriesPerSecond(result.entriesPerSecond()) + " (" + number(result.requestsPerSecond())
                            + " requests/s" + failures(result.failures()) + ")",
                    result.latency());
        }
        sections.add(profiles.toString());
    }

    void endToEnd(EndToEndPhase.Result result, List<CopyPhase.Result> copies) {
        row("end to end", number(result.entries()) + " entries of " + number(result.entryBytes())
                        + " bytes, batches of " + result.batch() + ", " + result.workers() + " worker process(es)",
                entriesPerSecond(result.entriesPerSecond()) + " (" + seconds(result.totalSeconds()) + "; all 202 after "
                        + seconds(result.acceptSeconds()) + ")", result.latency());
        row("end to end", "queue backlog, peak", number(result.maxBacklog()) + " entries", null);
        row("cost", "logpipe CPU per 1M entries", String.format(Locale.ROOT, "%.1f CPU s (%.1f CPU s in all)",
                result.cpuSecondsPerMillion(), result.cpuSeconds()), null);
        row("cost", "logpipe peak RSS", String.format(Locale.ROOT, "%.0f MiB", result.peakResidentBytes() / 1048576.0),
                null);
        copies.stream().filter(copy -> copy.droppedIndexes().isEmpty()).findFirst().ifPresent(allIndexes ->
                row("end to end", "÷ COPY (a)", String.format(Locale.ROOT, "%.2f",
                        result.entriesPerSecond() / allIndexes.rowsPerSecond()), null));
    }

    void copies(List<CopyPhase.Result> results) {
        for (CopyPhase.Result result : results) {
            String table = result.droppedIndexes().isEmpty() ? "(a) log_entries, all indexes"
                    : "(b) log_entries, primary key only";
            row("limit: COPY", table + ", " + result.streams() + " stream(s)",
                    number(result.rowsPerSecond()) + " rows/s (" + number(result.rows()) + " rows in "
                            + seconds(result.seconds()) + ")", null);
        }
    }

    /**
     * Each index variant's COPY rate as a row of the main table, and what each variant's indexes were in a section
     * of its own, since the definitions are too long for the table.
     */
    void indexCosts(List<IndexCostPhase.Result> results) {
        if (results.isEmpty()) {
            return;
        }
        double primaryKeyOnly = IndexCostPhase.primaryKeyOnlyRate(results);
        for (IndexCostPhase.Result result : results) {
            String ratio = String.format(Locale.ROOT, "%.2f", result.rowsPerSecond() / primaryKeyOnly);
            row("index cost: COPY", result.variant().label() + ", " + result.streams() + " stream(s)",
                    number(result.rowsPerSecond()) + " rows/s, " + ratio + " of primary key only's mean ("
                            + number(result.rows()) + " rows in " + seconds(result.seconds()) + "; secondary indexes "
                            + mebibytes(result.secondaryBytes()) + ", primary key " + mebibytes(result.primaryKeyBytes())
                            + ")", null);
        }
        StringBuilder text = new StringBuilder("Index cost: each variant is a fresh table of `log_entries`'s"
                + " structure, partitioned as it is, with the primary key and the indexes below as the migrated schema"
                + " defines them; the same end-to-end rows COPYed into each. GIN indexes gather new rows in their"
                + " pending list and merge it whenever it outgrows `gin_pending_list_limit`; the time includes merging"
                + " what is still pending at the end (`gin_clean_pending_list`, as VACUUM would later). Rates are"
                + " compared with the mean of both primary-key-only runs, one first and one last.\n\n"
                + "| variant | secondary indexes |\n|---|---|\n");
        for (IndexCostPhase.Result result : results) {
            List<String> methods = result.variant().indexes().stream()
                    .map(index -> "`" + index.name() + "`: `" + index.method() + "`").toList();
            text.append("| ").append(result.variant().label()).append(" | ")
                    .append(methods.isEmpty() ? "none" : String.join("<br>", methods)).append(" |\n");
        }
        sections.add(text.toString());
    }

    /** The write paths' own table, headed by the command that produced it. */
    void writes(WritesPhase.Result result, String command) {
        StringBuilder text = new StringBuilder("Write paths of the worker (`").append(command).append("`): ")
                .append(number(result.rows())).append(" rows of the end-to-end workload in batches of ")
                .append(number(result.batch())).append(", each batch one transaction, on an emptied `log_entries` with"
                        + " all its indexes; every path but plain COPY skips stored rows, and the rows its statements"
                        + " reported new were checked against the table. The statements' times include the driver's"
                        + " encoding of the bound values; the COPY rows were encoded before timing (")
                .append(String.format(Locale.ROOT, "%.2f ms", result.encodeMillis()))
                .append(" a batch on one thread, p50, which a worker would add).\n\n")
                .append("| path | streams | rows/s | ms per batch p50 | ms per batch p99 |\n|---|---|---|---|---|\n");
        for (WritesPhase.Measurement write : result.measurements()) {
            text.append(String.format(Locale.ROOT, "| %s | %d | **%s** | %.1f | %.1f |%n", write.path().label(),
                    write.streams(), number(write.rowsPerSecond()), write.p50Millis(), write.p99Millis()));
        }
        text.append("\nReplays: batches of ").append(number(result.batch())).append(" rows all stored already, as a"
                        + " redelivered batch is; ").append(result.replays().get(0).batches())
                .append(" batches one after another on one connection, after ")
                .append(WritesPhase.REPLAY_WARMUP_BATCHES).append(" untimed:\n\n")
                .append("| path | outcome | ms per batch p50 | ms per batch p99 |\n|---|---|---|---|\n");
        for (WritesPhase.Replay replay : result.replays()) {
            text.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f |%n", replay.path(),
                    replay.uniqueViolation() ? "fails with 23505, rolled back" : "no row stored", replay.p50Millis(),
                    replay.p99Millis()));
        }
        sections.add(text.toString());
    }

    void queries(long datasetRows, List<QueryPhase.Result> results) {
        for (QueryPhase.Result result : results) {
            String failures = result.failures() == 0 ? ""
                    : ", " + result.failures() + " NOT 200 (first: " + result.firstFailure().replace("|", "\\|") + ")";
            String cached = result.cacheHits() == 0 ? "" : ", " + result.cacheHits() + " answered by the query cache";
            rows.add(String.format(Locale.ROOT, "| queries on %s rows | %s | %s, %d runs%s%s | %.1f ms | %.1f ms | |",
                    number(datasetRows), result.shape().replace("|", "\\|"), result.answers(), result.runs(),
                    cached, failures, result.p50Millis(), result.p99Millis()));
        }
    }

    void profile(HotMethods.Profile profile) {
        StringBuilder text = new StringBuilder();
        text.append("Hot methods of the API process during the end-to-end phase (JFR execution samples, self time; ")
                .append(number(profile.samples())).append(" samples):\n\n")
                .append("| # | method | share | reached from (innermost logpipe frame) |\n|---|---|---|---|\n");
        int rank = 1;
        for (HotMethods.Method method : profile.methods()) {
            text.append(String.format(Locale.ROOT, "| %d | `%s` | %.1f%% | `%s` |%n", rank++, method.method(),
                    method.share() * 100, method.reachedFrom()));
        }
        text.append("\nSamples by innermost logpipe frame: ").append(shares(profile.ownCodeShares())).append("\n\n");
        text.append("Samples by thread pool: ").append(shares(profile.threadShares())).append('\n');
        sections.add(text.toString());
    }

    /**
     * Where the threads' wall-clock time went during the end-to-end phase. A drain worker's thread lives through the
     * whole phase, so its share is of {@code threads × phaseSeconds}; the rest of its time is its own Java work.
     */
    void waits(Map<String, WaitTimes.Pool> pools, double phaseSeconds) {
        StringBuilder text = new StringBuilder("Waits of the API process's threads during the end-to-end phase "
                + "(JFR `jdbi.statement` and `jdk.SocketRead` events):\n\n"
                + "| thread pool | wait | count | total | mean | share of the pool's time |\n|---|---|---|---|---|---|\n");
        pools.values().forEach(pool -> pool.waits().forEach((kind, total) -> {
            if (total.compareTo(NOTABLE_WAIT) < 0) {
                return;
            }
            long count = pool.counts().get(kind);
            boolean worker = pool.name().startsWith("drain-worker");
            text.append(String.format(Locale.ROOT, "| `%s` (%d thread(s)) | %s | %,d | %.1f s | %.2f ms | %s |%n",
                    pool.name(), pool.threads(), kind, count, total.toNanos() / 1e9, total.toNanos() / 1e6 / count,
                    worker ? String.format(Locale.ROOT, "%.0f%%", 100 * total.toNanos() / 1e9
                            / (pool.threads() * phaseSeconds)) : ""));
        }));
        sections.add(text.toString());
    }

    String markdown(String header) {
        StringBuilder text = new StringBuilder(header);
        // A run of phases that only report sections of their own (writes) has no rows for the main table.
        if (!rows.isEmpty()) {
            text.append("\n| phase | measurement | value | p50 | p99 | p99.9 |\n|---|---|---|---|---|---|\n");
            rows.forEach(row -> text.append(row).append('\n'));
        }
        for (String section : sections) {
            text.append('\n').append(section);
        }
        return text.toString();
    }

    /** Draws accepted and stored entries over time with the backlog, from the samples CSV, with gnuplot. */
    static void chart(Path samples, Path svg, String title) throws IOException, InterruptedException {
        String script = String.join("\n",
                "set terminal svg size 900,480 dynamic background rgb 'white' font 'sans,12'",
                "set output '" + svg + "'",
                "set datafile separator ','",
                "set title '" + title.replace("'", "") + "'",
                "set xlabel 'seconds since the first request'",
                "set ylabel 'entries'",
                "set format y '%.1s%c'",
                "set yrange [0:*]",
                "set offsets 0, 0, graph 0.08, 0",
                "set key inside top left opaque box",
                "set grid",
                "plot '" + samples + "' using 1:2 skip 1 with lines lw 2 title 'accepted (202)', "
                        + "'' using 1:3 skip 1 with lines lw 2 title 'stored in PostgreSQL', "
                        + "'' using 1:4 skip 1 with lines lw 2 dt 2 title 'queue backlog'",
                "");
        Process gnuplot = new ProcessBuilder("gnuplot").redirectErrorStream(true).start();
        gnuplot.getOutputStream().write(script.getBytes());
        gnuplot.getOutputStream().close();
        String output = new String(gnuplot.getInputStream().readAllBytes());
        if (gnuplot.waitFor() != 0) {
            throw new IOException("gnuplot failed: " + output);
        }
    }

    static void write(Path file, String text) throws IOException {
        Files.writeString(file, text);
    }

    private void row(String phase, String measurement, String value, Wrk.Latency latency) {
        rows.add("| " + phase + " | " + measurement + " | " + value + " | "
                + (latency == null ? " | | |" : millis(latency.p50()) + " | " + millis(latency.p99()) + " | "
                + millis(latency.p999()) + " |"));
    }

    private static String shares(Map<String, Double> shares) {
        return shares(shares, shares.size());
    }

    private static String shares(Map<String, Double> shares, int limit) {
        List<String> parts = new ArrayList<>();
        shares.entrySet().stream().limit(limit).forEach(share -> parts.add(String.format(Locale.ROOT, "`%s` %.0f%%",
                share.getKey(), share.getValue() * 100)));
        return String.join(", ", parts);
    }

    private static String entriesPerSecond(double rate) {
        return "**" + number(rate) + " entries/s**";
    }

    private static String failures(long failures) {
        return failures == 0 ? "" : ", " + failures + " NOT 202";
    }

    private static String millis(long micros) {
        return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }

    private static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }

    private static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.1f s", seconds);
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}
