package io.logpipe.bootstrap.retention;

import io.logpipe.application.EnforceRetention;
import io.logpipe.application.RetentionReport;
import io.logpipe.domain.ArchiveManifest;
import io.logpipe.domain.ArchivedFile;
import io.logpipe.bootstrap.metrics.PipelineMetrics;
import io.prometheus.client.Counter;
import java.time.LocalDate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What retention does, as log lines and Prometheus counters: every run, archived day and dropped day at INFO with
 * counts, every failed day at WARN.
 */
public final class RetentionMetrics implements EnforceRetention.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionMetrics.class);

    /** How a run ended: the {@code outcome} label of {@code logpipe_retention_runs_total}. */
    enum Outcome {
        /** Every day was handled. */
        SUCCESS,
        /** Some day, or the run itself, failed; it is tried again at the next run. */
        FAILURE,
        /** Another process held the lock and ran instead. */
        SKIPPED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Counter runs = Counter.build()
            .name("logpipe_retention_runs_total")
            .help("Retention runs, by outcome: success, failure, skipped (another process held the lock).")
            .labelNames("outcome")
            .create();
    private final Counter partitionsDropped = Counter.build()
            .name("logpipe_retention_partitions_dropped_total")
            .help("Daily partitions dropped because every tenant's entries in them had expired.")
            .create();
    private final Counter rowsDeleted = Counter.build()
            .name("logpipe_retention_rows_deleted_total")
            .help("Entries removed by batched deletes from days that stay (tenants with a shorter retention).")
            .create();
    private final Counter archiveFiles = Counter.build()
            .name("logpipe_archive_files_total")
            .help("Archive files written and verified, one per tenant and day.")
            .create();
    private final Counter archiveRows = Counter.build()
            .name("logpipe_archive_rows_total")
            .help("Entries written to verified archive files.")
            .create();
    private final Counter archiveBytes = Counter.build()
            .name("logpipe_archive_bytes_total")
            .help("Bytes of verified archive files, compressed.")
            .create();

    /** Serves the counters beside the pipeline's, each outcome at 0 from the start. */
    public RetentionMetrics(PipelineMetrics pipeline) {
        for (Counter counter : List.of(runs, partitionsDropped, rowsDeleted, archiveFiles, archiveRows,
                archiveBytes)) {
            pipeline.register(counter);
        }
        for (Outcome outcome : Outcome.values()) {
            runs.labels(outcome.label());
        }
    }

    void ran(RetentionReport report) {
        Outcome outcome = report.succeeded() ? Outcome.SUCCESS : Outcome.FAILURE;
        runs.labels(outcome.label()).inc();
        LOG.info("Retention run: {}; {} days dropped ({} entries), {} entries deleted, {} files archived "
                + "({} entries, {} bytes){}", outcome.label(), report.daysDropped(), report.rowsDropped(),
                report.rowsDeleted(), report.filesArchived(), report.rowsArchived(), report.bytesArchived(),
                report.succeeded() ? "" : "; failed days, tried again next run: " + report.failedDays());
    }

    void failed(RuntimeException cause) {
        runs.labels(Outcome.FAILURE.label()).inc();
        LOG.warn("Retention run failed; trying again at the next", cause);
    }

    void skipped() {
        runs.labels(Outcome.SKIPPED.label()).inc();
        LOG.info("Retention run skipped: another process holds the retention lock and runs it");
    }

    @Override
    public void archived(ArchiveManifest manifest) {
        long rows = 0;
        long bytes = 0;
        for (ArchivedFile file : manifest.files()) {
            rows += file.rows();
            bytes += file.bytes();
        }
        archiveFiles.inc(manifest.files().size());
        archiveRows.inc(rows);
        archiveBytes.inc(bytes);
        LOG.info("Archived {}: {} files, {} entries, {} bytes, verified", manifest.day(), manifest.files().size(),
                rows, bytes);
    }

    @Override
    public void dropped(LocalDate day, long rows) {
        partitionsDropped.inc();
        LOG.info("Dropped {} with {} entries", day, rows);
    }

    @Override
    public void deleted(LocalDate day, String tenant, long rows) {
        rowsDeleted.inc(rows);
        LOG.info("Deleted {} expired entries of tenant {} from {}", rows, tenant, day);
    }

    @Override
    public void failed(LocalDate day, RuntimeException cause) {
        LOG.warn("Retention could not handle {}; its data stays until the next run", day, cause);
    }
}
