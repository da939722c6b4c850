package io.logpipe.application;

import static io.logpipe.application.Entries.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.logpipe.domain.AuditAction;
import io.logpipe.domain.AuditEvent;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.testing.InMemoryArchiveStore;
import io.logpipe.domain.testing.InMemoryLogPartitions;
import io.logpipe.domain.testing.InMemoryRetentionPolicies;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnforceRetentionTest {
    private static final Instant NOW = Instant.parse("2026-12-02T06:00:00Z");
    private static final int DEFAULT_DAYS = 30;
    private static final Duration STILL_WRITABLE = Duration.ofDays(8);

    private final InMemoryRetentionPolicies policies = new InMemoryRetentionPolicies();
    private final InMemoryLogPartitions partitions = new InMemoryLogPartitions();
    private final InMemoryArchiveStore archive = new InMemoryArchiveStore();

    @Test
    void removesEachTenantsEntriesPastItsOwnRetentionAndKeepsTheRest() {
        policies.set("brief", 7, Audit.retentionChange("brief"));
        policies.set("patient", 90, Audit.retentionChange("patient"));
        LogEntry briefOld = entry("brief", "a", daysAgo(8));
        LogEntry briefAtItsCutoff = entry("brief", "a", daysAgo(7));
        LogEntry briefRecent = entry("brief", "a", daysAgo(2));
        LogEntry defaultOld = entry("acme", "a", daysAgo(31));
        LogEntry defaultKept = entry("acme", "a", daysAgo(29));
        LogEntry patientOld = entry("patient", "a", daysAgo(31));
        partitions.add(List.of(briefOld, briefAtItsCutoff, briefRecent, defaultOld, defaultKept, patientOld));

        RetentionReport report = enforce(false).run();

        assertThat(partitions.all()).containsExactlyInAnyOrder(briefAtItsCutoff, briefRecent, defaultKept, patientOld);
        assertThat(report.rowsDeleted() + report.rowsDropped()).isEqualTo(2);
        assertThat(report.succeeded()).isTrue();
    }

    @Test
    void deletesButNeverDropsADayNewEntriesCanStillArriveFor() {
        policies.set("brief", 1, Audit.retentionChange("brief"));
        LocalDate threeDaysAgo = LocalDate.ofInstant(daysAgo(3), ZoneOffset.UTC);
        partitions.add(List.of(entry("brief", "a", at(threeDaysAgo, 12))));

        RetentionReport report = enforce(false).run();

        assertThat(partitions.dropped()).isEmpty();
        assertThat(partitions.all()).isEmpty();
        assertThat(report.rowsDeleted()).isEqualTo(1);
        assertThat(partitions.days()).contains(threeDaysAgo);
    }

    @Test
    void archivesVerifiesAndDropsADayPastEveryTenantsRetention() {
        policies.set("brief", 7, Audit.retentionChange("brief"));
        LocalDate old = LocalDate.of(2026, 10, 1);
        List<LogEntry> acme = List.of(entry("acme", "a", at(old, 1)), entry("acme", "b", at(old, 23)));
        LogEntry brief = entry("brief", "a", at(old, 12));
        LogEntry recent = entry("acme", "a", daysAgo(1));
        partitions.add(acme).add(List.of(brief, recent));

        RetentionReport report = enforce(true).run();

        assertThat(partitions.dropped()).containsExactly(old);
        assertThat(partitions.all()).containsExactly(recent);
        assertThat(archive.verify(old).rowsPerTenant()).containsExactly(
                java.util.Map.entry("acme", 2L), java.util.Map.entry("brief", 1L));
        assertThat(archive.file(old, "acme")).containsExactlyElementsOf(acme);
        assertThat(archive.file(old, "brief")).containsExactly(brief);
        assertThat(report.filesArchived()).isEqualTo(2);
        assertThat(report.rowsArchived()).isEqualTo(3);
        assertThat(report.rowsDropped()).isEqualTo(3);
        assertThat(partitions.audit().all()).extracting(AuditEvent::tenant, AuditEvent::action, AuditEvent::target,
                AuditEvent::detail).containsExactlyInAnyOrder(
                tuple("acme", AuditAction.ARCHIVE_DROP, "2026-10-01", "2 entries past retention dropped after archiving"),
                tuple("brief", AuditAction.ARCHIVE_DROP, "2026-10-01", "1 entries past retention dropped after archiving"));
    }

    @Test
    void dropsADayThatEndsExactlyAtTheCutoffButNotOneThatEndsAMomentLater() {
        Instant cutoff = NOW.minus(Duration.ofDays(DEFAULT_DAYS));
        LocalDate endsBeforeCutoff = LocalDate.ofInstant(cutoff, ZoneOffset.UTC).minusDays(1);
        LocalDate holdsTheCutoff = endsBeforeCutoff.plusDays(1);
        Clock atMidnight = Clock.fixed(holdsTheCutoff.atStartOfDay(ZoneOffset.UTC).toInstant()
                .plus(Duration.ofDays(DEFAULT_DAYS)), ZoneOffset.UTC);
        partitions.add(List.of(entry("acme", "a", at(endsBeforeCutoff, 12)), entry("acme", "a", at(holdsTheCutoff, 0))));

        new EnforceRetention(policies, partitions, Optional.empty(),
                new EnforceRetention.Settings(DEFAULT_DAYS, 100, STILL_WRITABLE), atMidnight, EnforceRetention.Listener.NONE).run();

        assertThat(partitions.dropped()).containsExactly(endsBeforeCutoff);
        assertThat(partitions.days()).containsExactly(holdsTheCutoff);
    }

    @Test
    void keepsADayWhereAnotherTenantStillHasEntriesAndDeletesOnlyTheExpiredOnes() {
        policies.set("patient", 90, Audit.retentionChange("patient"));
        LocalDate old = LocalDate.of(2026, 10, 1);
        LogEntry expired = entry("acme", "a", at(old, 3));
        LogEntry kept = entry("patient", "a", at(old, 4));
        partitions.add(List.of(expired, kept));

        RetentionReport report = enforce(true).run();

        assertThat(partitions.dropped()).isEmpty();
        assertThat(partitions.all()).containsExactly(kept);
        assertThat(archive.days()).isEmpty();
        assertThat(report.rowsDeleted()).isEqualTo(1);
    }

    @Test
    void neverDropsADayWhoseArchiveDoesNotVerify() {
        LocalDate old = LocalDate.of(2026, 10, 1);
        List<LogEntry> entries = List.of(entry("acme", "a", at(old, 1)), entry("acme", "a", at(old, 2)));
        partitions.add(entries);
        archive.corruptEveryCommit();

        RetentionReport report = enforce(true).run();

        assertThat(report.failedDays()).containsExactly(old);
        assertThat(partitions.dropped()).isEmpty();
        assertThat(partitions.all()).containsExactlyInAnyOrderElementsOf(entries);
    }

    @Test
    void goesOnWithTheOtherDaysWhenOneFails() {
        LocalDate first = LocalDate.of(2026, 10, 1);
        LocalDate second = first.plusDays(1);
        partitions.add(List.of(entry("acme", "a", at(first, 1)), entry("acme", "a", at(second, 1))));
        partitions.interruptNextDrop();

        RetentionReport report = enforce(false).run();

        assertThat(report.failedDays()).containsExactly(first);
        assertThat(partitions.dropped()).contains(second);
    }

    @Test
    void finishesAnInterruptedDropOnTheNextRun() {
        LocalDate old = LocalDate.of(2026, 10, 1);
        partitions.add(List.of(entry("acme", "a", at(old, 1))));
        partitions.interruptNextDrop();
        enforce(true).run();
        assertThat(partitions.days()).containsExactly(old);

        RetentionReport report = enforce(true).run();

        assertThat(report.daysDropped()).isEqualTo(1);
        assertThat(partitions.days()).isEmpty();
        assertThat(archive.verify(old).rowsPerTenant()).containsExactly(java.util.Map.entry("acme", 1L));
    }

    @Test
    void deletesInBatchesOfTheConfiguredSize() {
        policies.set("patient", 90, Audit.retentionChange("patient"));
        LocalDate old = LocalDate.of(2026, 10, 1);
        partitions.add(List.of(entry("patient", "a", at(old, 0))));
        for (int hour = 1; hour <= 5; hour++) {
            partitions.add(List.of(entry("acme", "a", at(old, hour))));
        }

        new EnforceRetention(policies, partitions, Optional.empty(), new EnforceRetention.Settings(DEFAULT_DAYS, 2, STILL_WRITABLE),
                Clock.fixed(NOW, ZoneOffset.UTC), EnforceRetention.Listener.NONE).run();

        assertThat(partitions.deleteBatches()).containsExactly(2, 2, 1);
        assertThat(partitions.all()).extracting(LogEntry::tenant).containsExactly("patient");
    }

    @Test
    void dropsAnOldDayWithoutEntriesWithAnEmptyManifest() {
        LocalDate old = LocalDate.of(2026, 10, 1);
        partitions.addDay(old).addDay(NOW.atZone(ZoneOffset.UTC).toLocalDate());

        enforce(true).run();

        assertThat(partitions.dropped()).containsExactly(old);
        assertThat(archive.verify(old).files()).isEmpty();
    }

    private EnforceRetention enforce(boolean archiving) {
        return new EnforceRetention(policies, partitions, archiving ? Optional.of(archive) : Optional.empty(),
                new EnforceRetention.Settings(DEFAULT_DAYS, 1000, STILL_WRITABLE), Clock.fixed(NOW, ZoneOffset.UTC),
                EnforceRetention.Listener.NONE);
    }

    private static Instant daysAgo(int days) {
        return NOW.minus(Duration.ofDays(days));
    }

    private static Instant at(LocalDate day, int hour) {
        return day.atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }
}
