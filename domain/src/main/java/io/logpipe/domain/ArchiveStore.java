package io.logpipe.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where whole days of entries go before they are dropped from the store: one file per tenant and day, and a manifest
 * per day naming each file with its row count and SHA-256, so an archive can be checked without the store.
 *
 * <p><b>Durability.</b> A file or manifest is either absent or complete: what {@link FileWriter#commit} and
 * {@link #writeManifest} return from is durably stored (as durable as the medium), and a crash before leaves nothing
 * behind under the file's name. Writing a day's file or manifest again replaces it whole.
 *
 * <p><b>Trust.</b> Nothing read back is trusted until {@link #verify} has compared it with the manifest; callers must
 * not delete the original data before that succeeds.
 *
 * <p><b>Thread-safety.</b> Implementations are safe for concurrent use on different days; one day should be written
 * by one caller at a time.
 */
public interface ArchiveStore {

    /**
     * Starts the file of one tenant's entries of a day. Nothing is visible under its name until
     * {@link FileWriter#commit}; closing the writer without committing discards what was appended.
     *
     * @throws ArchiveUnavailableException if the file cannot be started
     */
    FileWriter create(LocalDate day, String tenant);

    /**
     * Stores a day's manifest, replacing an earlier one. Write it after every file it names is committed.
     *
     * @throws ArchiveUnavailableException if it cannot be stored durably; an earlier manifest is left as it was
     */
    void writeManifest(ArchiveManifest manifest);

    /**
     * @return the day's manifest as stored, or empty when the day has none
     * @throws ArchiveCorruptException if a manifest is there but cannot be read
     * @throws ArchiveUnavailableException if it cannot be read
     */
    Optional<ArchiveManifest> manifest(LocalDate day);

    /**
     * Reads every file of the day's manifest back in full: each must exist, have the manifest's SHA-256 and size,
     * decode entry by entry as entries of that tenant and day, and hold exactly the manifest's row count.
     *
     * @return the manifest, now checked against the files
     * @throws ArchiveCorruptException naming every problem found, or that the day has no manifest
     * @throws ArchiveUnavailableException if the files cannot be read at all
     */
    ArchiveManifest verify(LocalDate day);

    /**
     * Hands each entry of one tenant's file of a day to {@code sink}, in the order written. Read {@link #verify} first
     * to know the file is intact; a problem met on the way throws, after {@code sink} saw the entries before it.
     *
     * @throws ArchiveCorruptException if the file does not decode
     * @throws ArchiveUnavailableException if the day has no such file or it cannot be read
     */
    void read(LocalDate day, String tenant, Consumer<LogEntry> sink);

    /**
     * @return the days that have a manifest, oldest first
     * @throws ArchiveUnavailableException if the archive cannot be listed
     */
    List<LocalDate> days();

    /**
     * One file being written. Not thread-safe: one caller appends, then commits or closes.
     */
    interface FileWriter extends AutoCloseable {

        /**
         * @param entry an entry of the writer's tenant and day
         * @throws IllegalArgumentException if the entry belongs to another tenant or day
         * @throws ArchiveUnavailableException if it cannot be written
         */
        void append(LogEntry entry);

        /**
         * Makes the file durable and visible under its name, replacing an earlier one.
         *
         * @return what was stored: rows, bytes and SHA-256 of the file as stored
         * @throws ArchiveUnavailableException if it cannot be stored durably; nothing replaced the earlier file
         */
        ArchivedFile commit();

        /** Discards the file unless it was committed. Never throws. */
        @Override
        void close();
    }
}
