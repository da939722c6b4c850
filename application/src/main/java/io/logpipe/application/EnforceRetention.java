package io.logpipe.application;

import io.logpipe.domain.ArchiveManifest;
import io.logpipe.domain.AuditAction;
import io.logpipe.domain.AuditEvent;
import io.logpipe.domain.AuditOutcome;
import io.logpipe.domain.ArchiveStore;
import io.logpipe.domain.LogPartitions;
import io.logpipe.domain.RetentionPolicies;
import io.logpipe.domain.TenantRetention;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One retention run: removes every entry older than its tenant's retention, and nothing younger.
 *
 * <p>A stored day is dropped whole when it ends at or before {@code now - retention} of every tenant with entries in
 * it (of the default, for a day without entries), and no new entry can arrive for it any more (it ended longer than
 * {@link Settings#stillWritable()} ago): a drop would take with it an entry written between the count and the detach,
 * by a tenant of any retention. With archiving on, a day is dropped only after its archive verified and holds the
 * rows the store counted. Any other day that began before some tenant's cutoff loses that tenant's older entries in
 * batched deletes, which are not archived. A day that fails is reported and left for the next run; the others go on.
 *
 * <p>Not for concurrent use: callers make sure one run at a time removes data (the job holds a lock for it).
 */
public final class EnforceRetention {
    private final RetentionPolicies policies;
    private final LogPartitions partitions;
    private final Optional<ArchiveDay> archive;
    private final Settings settings;
    private final Clock clock;
    private final Listener listener;

    /**
     * @param archive where days go before they are dropped; empty to drop without archiving
     */
    public EnforceRetention(RetentionPolicies policies, LogPartitions partitions, Optional<ArchiveStore> archive,
            Settings settings, Clock clock, Listener listener) {
        this.policies = policies;
        this.partitions = partitions;
        this.archive = archive.map(store -> new ArchiveDay(partitions, store, clock));
        this.settings = settings;
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * @throws io.logpipe.domain.StoreUnavailableException if the policies or the stored days cannot be read; failures
     *     of single days are in the report instead
     */
    public RetentionReport run() {
        Instant now = clock.instant();
        Tally tally = new Tally();
        for (LocalDate day : partitions.finishInterruptedDrops()) {
            listener.dropped(day, 0);
            tally.daysDropped++;
        }
        Retentions retentions = new Retentions(settings.defaultDays(), policies.list());
        Instant earliestCutoff = now.minus(Duration.ofDays(retentions.shortestDays()));
        for (LocalDate day : partitions.days()) {
            if (!startOf(day).isBefore(earliestCutoff)) {
                continue;
            }
            try {
                enforce(day, now, retentions, tally);
            } catch (RuntimeException e) {
                tally.failedDays.add(day);
                listener.failed(day, e);
            }
        }
        return tally.report();
    }

    /** One event per tenant that had entries that day, so each tenant's admin sees what was removed of theirs. */
    private static List<AuditEvent> dropEvents(LocalDate day, Map<String, Long> rows, boolean archived,
            Instant now) {
        return rows.entrySet().stream()
                .map(tenant -> new AuditEvent(now, AuditEvent.SYSTEM, tenant.getKey(), AuditAction.ARCHIVE_DROP,
                        day.toString(), AuditOutcome.SUCCESS, null, tenant.getValue() + " entries past retention "
                                + (archived ? "dropped after archiving" : "dropped without archiving")))
                .toList();
    }

    private void enforce(LocalDate day, Instant now, Retentions retentions, Tally tally) {
        Set<String> tenants = partitions.tenants(day);
        if (isPastEveryonesRetention(day, tenants, now, retentions)) {
            Map<String, Long> rows = partitions.rowsPerTenant(day);
            Optional<ArchiveManifest> archived = archive.map(archiveDay -> archiveDay.archive(day, rows));
            archived.ifPresent(manifest -> {
                listener.archived(manifest);
                tally.add(manifest);
            });
            partitions.drop(day, dropEvents(day, rows, archived.isPresent(), now));
            long dropped = rows.values().stream().mapToLong(Long::longValue).sum();
            listener.dropped(day, dropped);
            tally.daysDropped++;
            tally.rowsDropped += dropped;
            return;
        }
        for (String tenant : tenants) {
            Instant cutoff = now.minus(Duration.ofDays(retentions.of(tenant)));
            if (startOf(day).isBefore(cutoff)) {
                long deleted = deleteBefore(day, tenant, cutoff);
                if (deleted > 0) {
                    listener.deleted(day, tenant, deleted);
                    tally.rowsDeleted += deleted;
                }
            }
        }
    }

    private boolean isPastEveryonesRetention(LocalDate day, Set<String> tenants, Instant now, Retentions retentions) {
        Instant end = startOf(day.plusDays(1));
        if (end.isAfter(now.minus(settings.stillWritable()))) {
            return false;
        }
        Set<Integer> days = tenants.isEmpty() ? Set.of(retentions.defaultDays())
                : tenants.stream().map(retentions::of).collect(Collectors.toSet());
        return days.stream().allMatch(kept -> !end.isAfter(now.minus(Duration.ofDays(kept))));
    }

    private long deleteBefore(LocalDate day, String tenant, Instant cutoff) {
        long deleted = 0;
        int batch;
        do {
            batch = partitions.deleteBatch(day, tenant, cutoff, settings.deleteBatchSize());
            deleted += batch;
        } while (batch == settings.deleteBatchSize());
        return deleted;
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /**
     * @param defaultDays how long entries of a tenant without an override are kept, at least 1
     * @param deleteBatchSize the most entries one delete removes, at least 1
     * @param stillWritable how far back new entries may still be written: ingest's oldest accepted timestamp plus the
     *     longest an accepted entry may wait in the queue. Days that ended more recently lose expired entries by
     *     deletes only, never by a drop.
     */
    public record Settings(int defaultDays, int deleteBatchSize, Duration stillWritable) {
        public Settings {
            if (defaultDays < 1 || deleteBatchSize < 1) {
                throw new IllegalArgumentException("defaultDays and deleteBatchSize must be at least 1; got "
                        + defaultDays + ", " + deleteBatchSize);
            }
            if (stillWritable.isNegative()) {
                throw new IllegalArgumentException("stillWritable must not be negative");
            }
        }
    }

    /** Told of each thing a run does, for logs and metrics. Called on the run's thread; must not throw. */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        /** A day's archive was written and verified. */
        default void archived(ArchiveManifest manifest) {
        }

        /** A day was dropped with {@code rows} entries (0 when an interrupted drop was finished). */
        default void dropped(LocalDate day, long rows) {
        }

        /** Batched deletes removed {@code rows} of a tenant's entries of a day. */
        default void deleted(LocalDate day, String tenant, long rows) {
        }

        /** A day could not be handled; it is left for the next run. */
        default void failed(LocalDate day, RuntimeException cause) {
        }
    }

    /** The retention of each tenant: its override, or the default. */
    private record Retentions(int defaultDays, Map<String, Integer> overrides) {
        Retentions(int defaultDays, List<TenantRetention> overrides) {
            this(defaultDays, overrides.stream()
                    .collect(Collectors.toMap(TenantRetention::tenant, TenantRetention::days)));
        }

        int of(String tenant) {
            return overrides.getOrDefault(tenant, defaultDays);
        }

        /** The shortest retention of anyone: nothing younger than this is expired. */
        int shortestDays() {
            return Math.min(defaultDays, overrides.values().stream().mapToInt(Integer::intValue).min()
                    .orElse(defaultDays));
        }
    }

    private static final class Tally {
        int daysDropped;
        long rowsDropped;
        long rowsDeleted;
        int filesArchived;
        long rowsArchived;
        long bytesArchived;
        final List<LocalDate> failedDays = new ArrayList<>();

        void add(ArchiveManifest manifest) {
            manifest.files().forEach(file -> {
                filesArchived++;
                rowsArchived += file.rows();
                bytesArchived += file.bytes();
            });
        }

        RetentionReport report() {
            return new RetentionReport(daysDropped, rowsDropped, rowsDeleted, filesArchived, rowsArchived,
                    bytesArchived, failedDays);
        }
    }
}
