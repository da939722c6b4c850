package io.logpipe.application;

import io.logpipe.domain.ArchiveCorruptException;
import io.logpipe.domain.ArchiveManifest;
import io.logpipe.domain.ArchiveStore;
import io.logpipe.domain.ArchivedFile;
import io.logpipe.domain.LogPartitions;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Archives one stored day before it is dropped: each tenant's file, then the manifest, then reads it all back, and
 * only returns when the archive verifies and holds exactly the rows the store counted. Anything else throws, so the
 * caller never drops a day whose archive is not proven.
 */
final class ArchiveDay {
    private final LogPartitions partitions;
    private final ArchiveStore archive;
    private final Clock clock;

    ArchiveDay(LogPartitions partitions, ArchiveStore archive, Clock clock) {
        this.partitions = partitions;
        this.archive = archive;
        this.clock = clock;
    }

    /**
     * @param stored the day's rows per tenant as the store counts them now
     * @return the verified manifest
     * @throws ArchiveCorruptException if the archive read back differs from what was written or from {@code stored}
     */
    ArchiveManifest archive(LocalDate day, Map<String, Long> stored) {
        List<ArchivedFile> files = new ArrayList<>();
        for (String tenant : stored.keySet()) {
            try (ArchiveStore.FileWriter writer = archive.create(day, tenant)) {
                partitions.readEntries(day, tenant, writer::append);
                files.add(writer.commit());
            }
        }
        archive.writeManifest(new ArchiveManifest(day, clock.instant(), files));
        ArchiveManifest verified = archive.verify(day);
        if (!verified.rowsPerTenant().equals(stored)) {
            throw new ArchiveCorruptException("the archive of " + day + " does not hold what the store holds",
                    List.of("archived " + verified.rowsPerTenant() + ", stored " + stored));
        }
        return verified;
    }
}
