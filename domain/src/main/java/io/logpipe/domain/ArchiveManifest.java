package io.logpipe.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an archived day holds: one file per tenant that had entries that day. Immutable.
 *
 * @param day the UTC day
 * @param createdAt when the archive was written
 * @param files one per tenant, no tenant twice; kept ordered by tenant
 */
public record ArchiveManifest(LocalDate day, Instant createdAt, List<ArchivedFile> files) {

    public ArchiveManifest {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(createdAt, "createdAt");
        files = files.stream().sorted(Comparator.comparing(ArchivedFile::tenant)).toList();
        Set<String> tenants = new HashSet<>();
        for (ArchivedFile file : files) {
            if (!tenants.add(file.tenant())) {
                throw new IllegalArgumentException("tenant '" + file.tenant() + "' has two files on " + day);
            }
        }
    }

    /** Rows per tenant, ordered by tenant: what the archived day held. */
    public Map<String, Long> rowsPerTenant() {
        Map<String, Long> rows = new TreeMap<>();
        files.forEach(file -> rows.put(file.tenant(), file.rows()));
        return rows;
    }
}
