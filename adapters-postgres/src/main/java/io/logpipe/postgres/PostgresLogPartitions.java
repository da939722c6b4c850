package io.logpipe.postgres;

import io.logpipe.domain.AuditEvent;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogPartitions;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link LogPartitions} on the daily partitions of {@code log_entries} that {@link DailyPartitions} creates, in the
 * schema the connections use by default.
 *
 * <p>Reads and deletes go through {@code log_entries} with the day's bounds as parameters, so partition pruning picks
 * the day's partition; only the DDL names one, built from a {@link LocalDate}. A day is dropped with
 * {@code DETACH PARTITION ... CONCURRENTLY}, which never blocks writes or queries of other days, and then
 * {@code DROP TABLE}. The detach runs as two transactions of its own, so it needs a connection in auto-commit; if it
 * is cut off between them the partition stays attached but pending detach (invisible to queries), and if the process
 * dies between detach and drop the table stays detached: both are what an interrupted drop leaves, and
 * {@link #finishInterruptedDrops} completes them. Failures are translated as in {@link PostgresLogStore}. Thread-safe.
 */
public final class PostgresLogPartitions implements LogPartitions {

    // Partitions of log_entries, and tables named as one but no longer attached: what a drop cut short leaves.
    private static final String DAY_TABLES = """
            SELECT c.relname AS name, c.relispartition AS attached,
                   coalesce(i.inhdetachpending, false) AS pending
            FROM pg_class c
            LEFT JOIN pg_inherits i ON i.inhrelid = c.oid AND i.inhparent = 'log_entries'::regclass
            WHERE c.relnamespace = current_schema()::regnamespace
              AND c.relkind = 'r'
              AND c.relname ~ '^log_entries_[0-9]{8}$'
              AND (i.inhrelid IS NOT NULL OR NOT c.relispartition)
            ORDER BY c.relname
            """;

    // A loose index scan on the primary key (tenant, timestamp, id): one index probe per tenant, not a row scan.
    private static final String TENANTS = """
            WITH RECURSIVE tenants AS (
                (SELECT tenant FROM log_entries
                 WHERE timestamp >= :start AND timestamp < :end ORDER BY tenant LIMIT 1)
                UNION ALL
                SELECT (SELECT e.tenant FROM log_entries e
                        WHERE e.tenant > t.tenant AND e.timestamp >= :start AND e.timestamp < :end
                        ORDER BY e.tenant LIMIT 1)
                FROM tenants t
                WHERE t.tenant IS NOT NULL
            )
            SELECT tenant FROM tenants WHERE tenant IS NOT NULL
            """;

    private static final String ROWS_PER_TENANT = """
            SELECT tenant, count(*) AS rows FROM log_entries
            WHERE timestamp >= :start AND timestamp < :end
            GROUP BY tenant
            """;

    private static final String ENTRIES = """
            SELECT tenant, id, timestamp, received_at, service, level, message, attributes, trace_id, span_id, host
            FROM log_entries
            WHERE tenant = :tenant AND timestamp >= :start AND timestamp < :end
            ORDER BY timestamp, id
            """;

    private static final String DELETE_BATCH = """
            DELETE FROM log_entries
            WHERE (tenant, timestamp, id) IN (
                SELECT tenant, timestamp, id FROM log_entries
                WHERE tenant = :tenant AND timestamp >= :start AND timestamp < :end AND timestamp < :before
                LIMIT :limit)
            """;

    private static final String NAME_PREFIX = "log_entries_";
    private static final int FETCH_SIZE = 1000;

    private final Jdbi jdbi;

    /** @param jdbi connections in auto-commit (JDBI's default) to a database migrated with {@link PostgresMigrations} */
    public PostgresLogPartitions(Jdbi jdbi) {
        this.jdbi = JdbiSetup.configure(Objects.requireNonNull(jdbi, "jdbi"));
    }

    @Override
    public List<LocalDate> days() {
        return dayTables().stream().map(DayTable::day).toList();
    }

    @Override
    public Set<String> tenants(LocalDate day) {
        return StoreFailures.translate("list the tenants of " + day, () -> jdbi.withHandle(handle -> handle
                .createQuery(TENANTS)
                .bind("start", Utc.of(startOf(day)))
                .bind("end", Utc.of(startOf(day.plusDays(1))))
                .mapTo(String.class)
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new))));
    }

    @Override
    public Map<String, Long> rowsPerTenant(LocalDate day) {
        return StoreFailures.translate("count the entries of " + day, () -> jdbi.withHandle(handle -> {
            Map<String, Long> rows = new TreeMap<>();
            handle.createQuery(ROWS_PER_TENANT)
                    .bind("start", Utc.of(startOf(day)))
                    .bind("end", Utc.of(startOf(day.plusDays(1))))
                    .map((rs, ctx) -> Map.entry(rs.getString("tenant"), rs.getLong("rows")))
                    .forEach(entry -> rows.put(entry.getKey(), entry.getValue()));
            return rows;
        }));
    }

    @Override
    public void readEntries(LocalDate day, String tenant, Consumer<LogEntry> sink) {
        // In a transaction with a fetch size, the driver reads through a cursor instead of loading the whole day.
        StoreFailures.translate("read the entries of " + day, () -> {
            jdbi.useTransaction(handle -> handle.createQuery(ENTRIES)
                    .bind("tenant", tenant)
                    .bind("start", Utc.of(startOf(day)))
                    .bind("end", Utc.of(startOf(day.plusDays(1))))
                    .setFetchSize(FETCH_SIZE)
                    .map(new LogEntryRowMapper())
                    .forEach(sink));
            return null;
        });
    }

    @Override
    public void drop(LocalDate day, List<AuditEvent> events) {
        finishInterruptedDrops();
        Optional<DayTable> table = dayTables().stream().filter(t -> t.day().equals(day)).findFirst();
        if (table.isEmpty()) {
            return;
        }
        String name = DailyPartitions.partitionName(day);
        StoreFailures.translate("drop " + name, () -> {
            jdbi.useHandle(handle -> {
                requireAutoCommit(handle);
                handle.execute("ALTER TABLE log_entries DETACH PARTITION " + name + " CONCURRENTLY");
                // The detach cannot run in a transaction; the drop, which removes the rows for good, commits with the
                // audit events.
                handle.useTransaction(transaction -> {
                    transaction.execute("DROP TABLE " + name);
                    AuditRows.insertAll(transaction, events);
                });
            });
            return null;
        });
    }

    @Override
    public List<LocalDate> finishInterruptedDrops() {
        List<LocalDate> finished = new ArrayList<>();
        for (DayTable table : dayTables()) {
            if (!table.interrupted()) {
                continue;
            }
            String name = DailyPartitions.partitionName(table.day());
            StoreFailures.translate("finish dropping " + name, () -> {
                jdbi.useHandle(handle -> {
                    requireAutoCommit(handle);
                    if (table.attached()) {
                        handle.execute("ALTER TABLE log_entries DETACH PARTITION " + name + " FINALIZE");
                    }
                    handle.execute("DROP TABLE " + name);
                });
                return null;
            });
            finished.add(table.day());
        }
        return finished;
    }

    @Override
    public int deleteBatch(LocalDate day, String tenant, Instant before, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1; got " + limit);
        }
        return StoreFailures.translate("delete entries of " + day, () -> jdbi.withHandle(handle -> handle
                .createUpdate(DELETE_BATCH)
                .bind("tenant", tenant)
                .bind("start", Utc.of(startOf(day)))
                .bind("end", Utc.of(startOf(day.plusDays(1))))
                .bind("before", Utc.of(before))
                .bind("limit", limit)
                .execute()));
    }

    private List<DayTable> dayTables() {
        return StoreFailures.translate("list the days stored", () -> jdbi.withHandle(handle -> {
            Set<DayTable> tables = new LinkedHashSet<>();
            handle.createQuery(DAY_TABLES)
                    .map((rs, ctx) -> parse(rs.getString("name"), rs.getBoolean("attached"),
                            rs.getBoolean("pending")))
                    .forEach(table -> table.ifPresent(tables::add));
            return List.copyOf(tables);
        }));
    }

    /** Reads a day from a table name; a name that does not hold a valid date is not one of ours. */
    private static Optional<DayTable> parse(String name, boolean attached, boolean pending) {
        try {
            LocalDate day = LocalDate.parse(name.substring(NAME_PREFIX.length()), DateTimeFormatter.BASIC_ISO_DATE);
            return Optional.of(new DayTable(day, attached, pending));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** DETACH ... CONCURRENTLY and FINALIZE refuse to run inside a transaction block. */
    private static void requireAutoCommit(Handle handle) {
        if (handle.isInTransaction()) {
            throw new IllegalStateException("dropping a partition needs a connection in auto-commit");
        }
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** A day's table: attached as a partition (possibly pending detach), or left detached by a drop cut short. */
    private record DayTable(LocalDate day, boolean attached, boolean pending) {
        boolean interrupted() {
            return !attached || pending;
        }
    }
}
