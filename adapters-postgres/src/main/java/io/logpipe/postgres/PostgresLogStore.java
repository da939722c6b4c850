package io.logpipe.postgres;

import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogPage;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.LogStore;
import io.logpipe.domain.PageCursor;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * {@link LogStore} on PostgreSQL: entries live in {@code log_entries}, partitioned by UTC day, with the schema from
 * {@link PostgresMigrations#CHANGELOG}.
 *
 * <p>Connection failures, timeouts and other failures a retry can fix throw
 * {@link io.logpipe.domain.StoreUnavailableException}. A write PostgreSQL rejects for good (bad data such as a NUL
 * character in a text or attributes that are not valid JSON, a missing table) throws
 * {@link io.logpipe.domain.EntriesRejectedException} with the SQLSTATE; a query it rejects, {@link IllegalStateException}.
 * Retrying either would never succeed.
 * Thread-safe.
 */
public final class PostgresLogStore implements LogStore {
    private final Jdbi jdbi;
    private final DailyPartitions partitions;

    /**
     * @param jdbi connections to a database migrated with {@link PostgresMigrations}; this installs JDBI's
     *     PostgreSQL plugin on it if it is not there yet
     */
    public PostgresLogStore(Jdbi jdbi) {
        this.jdbi = JdbiSetup.configure(Objects.requireNonNull(jdbi, "jdbi"));
        this.partitions = new DailyPartitions(this.jdbi);
    }

    @Override
    public int write(List<LogEntry> entries) {
        if (entries.isEmpty()) {
            return 0;
        }
        Set<LocalDate> days = DailyPartitions.daysOf(entries);
        return StoreFailures.translateWrite("write log entries", () -> {
            try {
                return write(entries, days);
            } catch (JdbiException | SQLException e) {
                if (!StoreFailures.isMissingPartition(e)) {
                    throw e;
                }
                // A partition this process remembered is gone (dropped by retention or by hand): check again, once.
                partitions.forget(days);
                return write(entries, days);
            }
        });
    }

    /**
     * Creates the daily partitions of {@code today} and the {@code daysAhead} days after it, where missing, so that
     * no write waits behind partition DDL when a new day starts. Writes still create any other day's partition when
     * they first need it. Safe to call from several processes at once.
     *
     * @throws io.logpipe.domain.StoreUnavailableException if PostgreSQL cannot be reached
     */
    public void createPartitionsAhead(LocalDate today, int daysAhead) {
        Set<LocalDate> days = new java.util.TreeSet<>();
        for (int i = 0; i <= daysAhead; i++) {
            days.add(today.plusDays(i));
        }
        StoreFailures.translate("create partitions ahead", () -> {
            partitions.ensureExist(days);
            return null;
        });
    }

    /**
     * Copies the batch in; only when that finds an entry stored already (the batch is a redelivery) does it insert the
     * batch again, skipping what is stored. Each attempt is a transaction of its own.
     */
    private int write(List<LogEntry> entries, Set<LocalDate> days) throws SQLException {
        partitions.ensureExist(days);
        try {
            return jdbi.inTransaction(handle -> LogEntryCopy.copy(handle, entries));
        } catch (SQLException e) {
            if (!StoreFailures.isDuplicate(e)) {
                throw e;
            }
            return jdbi.inTransaction(handle -> LogEntryInsert.insert(handle, entries));
        }
    }

    @Override
    public LogPage query(LogQuery query) {
        // One row more than the page tells whether another page follows, without a count.
        List<LogEntry> rows = StoreFailures.translate("query log entries",
                () -> jdbi.withHandle(handle -> LogEntryPageQuery.fetch(handle, query, query.limit() + 1)));
        if (rows.size() <= query.limit()) {
            return new LogPage(rows, null);
        }
        List<LogEntry> page = rows.subList(0, query.limit());
        return new LogPage(page, PageCursor.after(page.get(page.size() - 1)));
    }
}
