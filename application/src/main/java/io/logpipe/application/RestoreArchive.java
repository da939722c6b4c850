package io.logpipe.application;

import io.logpipe.domain.ArchiveManifest;
import io.logpipe.domain.ArchiveStore;
import io.logpipe.domain.ArchivedFile;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogStore;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes an archived day back into the store, all of its tenants or one. The archive is verified first, so a damaged
 * one restores nothing. Safe to repeat, also after a failure half-way: the store skips entries it holds already.
 *
 * <p>A restored day older than its tenants' retention is removed again by the next retention run (and archived again
 * first); raise the retention before restoring to keep it.
 */
public final class RestoreArchive {
    private final ArchiveStore archive;
    private final LogStore store;
    private final int batchSize;

    /** @param batchSize entries per write, at least 1 */
    public RestoreArchive(ArchiveStore archive, LogStore store, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1; got " + batchSize);
        }
        this.archive = archive;
        this.store = store;
        this.batchSize = batchSize;
    }

    /**
     * @param tenant only this tenant's file, or empty for every file of the day
     * @throws io.logpipe.domain.ArchiveCorruptException if the day's archive does not verify; nothing was written
     * @throws IllegalArgumentException if {@code tenant} has no file that day
     * @throws io.logpipe.domain.StoreUnavailableException if the store fails; repeat the restore
     */
    public Restored restore(LocalDate day, Optional<String> tenant) {
        ArchiveManifest manifest = archive.verify(day);
        List<ArchivedFile> files = manifest.files().stream()
                .filter(file -> tenant.map(file.tenant()::equals).orElse(true))
                .toList();
        if (tenant.isPresent() && files.isEmpty()) {
            throw new IllegalArgumentException("the archive of " + day + " has no file of tenant '" + tenant.get()
                    + "'");
        }
        long read = 0;
        long written = 0;
        for (ArchivedFile file : files) {
            Batches batches = new Batches();
            archive.read(day, file.tenant(), batches::add);
            batches.flush();
            read += batches.read;
            written += batches.written;
        }
        return new Restored(day, files.size(), read, written);
    }

    /**
     * @param files how many files were read
     * @param read how many entries they held
     * @param written how many of those the store did not hold yet
     */
    public record Restored(LocalDate day, int files, long read, long written) {
    }

    private final class Batches {
        private final List<LogEntry> batch = new ArrayList<>(batchSize);
        long read;
        long written;

        void add(LogEntry entry) {
            batch.add(entry);
            read++;
            if (batch.size() == batchSize) {
                flush();
            }
        }

        void flush() {
            if (!batch.isEmpty()) {
                written += store.write(List.copyOf(batch));
                batch.clear();
            }
        }
    }
}
