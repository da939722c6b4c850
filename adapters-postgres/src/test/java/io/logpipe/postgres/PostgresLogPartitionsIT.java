package io.logpipe.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.logpipe.domain.Attributes;
import io.logpipe.domain.AuditAction;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.StoreUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each test has a schema of its own: they create and drop whole days. */
class PostgresLogPartitionsIT {
    private static final LocalDate DAY = LocalDate.of(2020, 2, 29);

    private final TestDatabase.IsolatedSchema schema = TestDatabase.isolatedSchema();
    private final PostgresLogStore store = new PostgresLogStore(schema.jdbi());
    private final PostgresLogPartitions partitions = new PostgresLogPartitions(schema.jdbi());

    @AfterEach
    void dropSchema() {
        schema.close();
    }

    @Test
    void listsTheStoredDaysOldestFirstWithTheirTenantsAndRowCounts() {
        store.write(List.of(entry("acme", DAY.plusDays(1), 3), entry("acme", DAY, 0), entry("acme", DAY, 23),
                entry("globex", DAY, 12)));

        assertThat(partitions.days()).containsExactly(DAY, DAY.plusDays(1));
        assertThat(partitions.tenants(DAY)).containsExactly("acme", "globex");
        assertThat(partitions.rowsPerTenant(DAY)).containsExactly(Map.entry("acme", 2L), Map.entry("globex", 1L));
        assertThat(partitions.tenants(DAY.minusDays(1))).isEmpty();
    }

    @Test
    void readsATenantsEntriesOfADayInTimestampOrderWithEveryField() {
        LogEntry late = entry("acme", DAY, 22);
        LogEntry full = new LogEntry(UUID.randomUUID(), "acme", at(DAY, 1).plusNanos(123_456_000),
                at(DAY, 1).plusSeconds(1), "checkout", Level.ERROR, "line one\nline two", Attributes.of("{\"a\":[1,2]}"),
                "trace", "span", "web-1");
        store.write(List.of(late, full, entry("globex", DAY, 5), entry("acme", DAY.plusDays(1), 0)));

        List<LogEntry> read = new ArrayList<>();
        partitions.readEntries(DAY, "acme", read::add);

        assertThat(read).usingRecursiveFieldByFieldElementComparatorIgnoringFields("attributes")
                .containsExactly(full, late);
        assertThat(read.get(0).attributes().json()).isEqualTo("{\"a\": [1, 2]}");
    }

    @Test
    void dropsADayForGoodWhileAWriteForThatDayMakesItAgain() {
        LogEntry other = entry("acme", DAY.plusDays(1), 0);
        store.write(List.of(entry("acme", DAY, 1), entry("globex", DAY, 3), other));

        partitions.drop(DAY, List.of(Audits.event("acme", AuditAction.ARCHIVE_DROP, DAY.toString(), Instant.now()),
                Audits.event("globex", AuditAction.ARCHIVE_DROP, DAY.toString(), Instant.now())));

        assertThat(partitions.days()).containsExactly(DAY.plusDays(1));
        assertThat(tableExists(DAY)).isFalse();
        assertThat(Audits.actionsFor(schema.jdbi(), DAY.toString())).containsExactly("archive.drop", "archive.drop");
        LogEntry again = entry("acme", DAY, 2);
        assertThat(store.write(List.of(again))).isEqualTo(1);
        assertThat(partitions.rowsPerTenant(DAY)).containsExactly(Map.entry("acme", 1L));
    }

    @Test
    void recordsNothingWhenDroppingADayThatIsNotStored() {
        store.write(List.of(entry("acme", DAY, 1)));
        LocalDate absent = DAY.minusDays(1);

        partitions.drop(absent, List.of(Audits.event("acme", AuditAction.ARCHIVE_DROP, absent.toString(),
                Instant.now())));

        assertThat(Audits.actionsFor(schema.jdbi(), absent.toString())).isEmpty();
        assertThat(partitions.days()).containsExactly(DAY);
    }

    @Test
    void keepsTheDaysTableWhenItsAuditEventsCannotBeWritten() {
        store.write(List.of(entry("acme", DAY, 1), entry("globex", DAY, 2)));
        Audits.breakAuditInserts(schema.jdbi());

        assertThatThrownBy(() -> partitions.drop(DAY, List.of(
                Audits.event("acme", AuditAction.ARCHIVE_DROP, DAY.toString(), Instant.now()),
                Audits.event("globex", AuditAction.ARCHIVE_DROP, DAY.toString(), Instant.now()))))
                .hasMessageContaining("audit refused by the test");

        assertThat(tableExists(DAY)).isTrue();
        assertThat(partitions.days()).containsExactly(DAY);
        long rows = schema.jdbi().withHandle(handle -> handle
                .createQuery("SELECT count(*) FROM " + DailyPartitions.partitionName(DAY)).mapTo(Long.class).one());
        assertThat(rows).isEqualTo(2);
    }

    @Test
    void deletesOnlyTheTenantsEntriesOfTheDayBeforeTheCutoffInBatches() {
        List<LogEntry> entries = new ArrayList<>();
        for (int hour = 0; hour < 5; hour++) {
            entries.add(entry("acme", DAY, hour));
        }
        LogEntry atCutoff = entry("acme", DAY, 5);
        LogEntry globex = entry("globex", DAY, 1);
        LogEntry dayBefore = entry("acme", DAY.minusDays(1), 1);
        entries.addAll(List.of(atCutoff, globex, dayBefore));
        store.write(entries);

        List<Integer> batches = new ArrayList<>();
        int deleted;
        do {
            deleted = partitions.deleteBatch(DAY, "acme", atCutoff.timestamp(), 2);
            batches.add(deleted);
        } while (deleted == 2);

        assertThat(batches).containsExactly(2, 2, 1);
        assertThat(partitions.rowsPerTenant(DAY)).containsExactly(Map.entry("acme", 1L), Map.entry("globex", 1L));
        assertThat(partitions.rowsPerTenant(DAY.minusDays(1))).containsExactly(Map.entry("acme", 1L));
    }

    @Test
    void finishesADropWhoseDetachWasCutOffWhileItWaitedForAnOlderTransaction() {
        store.write(List.of(entry("acme", DAY, 1), entry("acme", DAY.plusDays(1), 1)));

        leaveDetachPending(DAY);

        assertThat(detachPending(DAY)).isTrue();
        assertThat(partitions.tenants(DAY)).isEmpty();
        assertThat(partitions.days()).containsExactly(DAY, DAY.plusDays(1));

        assertThat(partitions.finishInterruptedDrops()).containsExactly(DAY);

        assertThat(tableExists(DAY)).isFalse();
        assertThat(partitions.days()).containsExactly(DAY.plusDays(1));
        assertThat(partitions.finishInterruptedDrops()).isEmpty();
    }

    @Test
    void theNextDropFinishesAPendingDetachBeforeItsOwn() {
        store.write(List.of(entry("acme", DAY, 1), entry("acme", DAY.plusDays(1), 1)));
        leaveDetachPending(DAY);

        partitions.drop(DAY.plusDays(1), List.of());

        assertThat(partitions.days()).isEmpty();
        assertThat(tableExists(DAY)).isFalse();
    }

    @Test
    void finishesADropThatDetachedTheDayButDiedBeforeDroppingIt() {
        store.write(List.of(entry("acme", DAY, 1), entry("acme", DAY.plusDays(1), 1)));
        schema.jdbi().useHandle(handle -> handle.execute("ALTER TABLE log_entries DETACH PARTITION "
                + DailyPartitions.partitionName(DAY)));
        assertThat(partitions.days()).containsExactly(DAY, DAY.plusDays(1));

        assertThat(partitions.finishInterruptedDrops()).containsExactly(DAY);

        assertThat(tableExists(DAY)).isFalse();
        assertThat(partitions.days()).containsExactly(DAY.plusDays(1));
    }

    /** The backend of a concurrent detach of {@link #DAY} once it waits for older transactions to end. */
    private Optional<Integer> waitingDetach() {
        return TestDatabase.jdbi().withHandle(handle -> handle.createQuery("""
                SELECT pid FROM pg_stat_activity
                WHERE query LIKE :statement AND wait_event = 'virtualxid'
                """)
                .bind("statement", "ALTER TABLE log_entries DETACH PARTITION " + DailyPartitions.partitionName(DAY)
                        + " CONCURRENTLY%")
                .mapTo(Integer.class)
                .findFirst());
    }

    /**
     * Leaves a day pending detach as a cut-off drop does: a transaction that has read {@code log_entries} makes the
     * concurrent detach wait, and its session is ended while it waits.
     */
    private void leaveDetachPending(LocalDate day) {
        ExecutorService dropper = Executors.newSingleThreadExecutor();
        try (Handle reader = schema.jdbi().open()) {
            reader.begin();
            reader.createQuery("SELECT count(*) FROM log_entries").mapTo(Long.class).one();
            Future<?> drop = dropper.submit(() -> partitions.drop(day, List.of()));
            int detacher = await().atMost(Duration.ofSeconds(30)).until(this::waitingDetach, Optional::isPresent)
                    .orElseThrow();
            TestDatabase.jdbi().useHandle(handle -> handle.createQuery("SELECT pg_terminate_backend(:pid)")
                    .bind("pid", detacher).mapTo(Boolean.class).one());
            assertThatThrownBy(drop::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(StoreUnavailableException.class);
            reader.rollback();
        } finally {
            dropper.shutdownNow();
        }
        assertThat(detachPending(day)).isTrue();
    }

    private boolean detachPending(LocalDate day) {
        return schema.jdbi().withHandle(handle -> handle.createQuery("""
                SELECT i.inhdetachpending FROM pg_inherits i
                WHERE i.inhrelid = to_regclass(:name) AND i.inhparent = 'log_entries'::regclass
                """).bind("name", DailyPartitions.partitionName(day)).mapTo(Boolean.class).findOne().orElse(false));
    }

    private boolean tableExists(LocalDate day) {
        return schema.jdbi().withHandle(handle -> handle.createQuery("SELECT to_regclass(:name) IS NOT NULL")
                .bind("name", DailyPartitions.partitionName(day)).mapTo(Boolean.class).one());
    }

    private static LogEntry entry(String tenant, LocalDate day, int hour) {
        Instant timestamp = at(day, hour);
        return new LogEntry(UUID.randomUUID(), tenant, timestamp, timestamp, "svc", Level.INFO, "at " + hour, null,
                null, null, null);
    }

    private static Instant at(LocalDate day, int hour) {
        return day.atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }
}
