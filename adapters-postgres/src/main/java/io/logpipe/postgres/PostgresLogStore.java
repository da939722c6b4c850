package io.logpipe.postgres;

import io.logpipe.domain.Histogram;
import io.logpipe.domain.HistogramQuery;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogPage;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.LogStore;
import io.logpipe.domain.PageCursor;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jdbi.v3.core.HandleCallback;
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
 * Retrying either would never succeed. A search or histogram that runs longer than the query timeout is cancelled by
 * PostgreSQL and throws {@link io.logpipe.domain.QueryTimeoutException}.
 * Thread-safe.
 */
public final class PostgresLogStore implements LogStore {
    /** The query timeout of {@link #PostgresLogStore(Jdbi)}. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(10);

    private final Jdbi jdbi;
    private final DailyPartitions partitions;
    private final Duration queryTimeout;

    /**
     * A store whose searches and histograms may run for {@link #DEFAULT_QUERY_TIMEOUT}.
     *
     * @param jdbi connections to a database migrated with {@link PostgresMigrations}; this installs JDBI's
     *     PostgreSQL plugin on it if it is not there yet
     */
    public PostgresLogStore(Jdbi jdbi) {
        this(jdbi, DEFAULT_QUERY_TIMEOUT);
    }

    /**
     * @param jdbi connections to a database migrated with {@link PostgresMigrations}; this installs JDBI's
     *     PostgreSQL plugin on it if it is not there yet
     * @param queryTimeout how long one search or histogram may run before PostgreSQL cancels it; at least 1 ms,
     *     counted in whole milliseconds. Writes are not bound by it.
     * @throws IllegalArgumentException if {@code queryTimeout} is shorter than 1 ms
     */
    public PostgresLogStore(Jdbi jdbi, Duration queryTimeout) {
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        if (queryTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("queryTimeout must be at least 1 ms; got " + queryTimeout);
        }
        this.jdbi = JdbiSetup.configure(Objects.requireNonNull(jdbi, "jdbi"));
        this.partitions = new DailyPartitions(this.jdbi);
        this.queryTimeout = queryTimeout;
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
        List<LogEntry> rows = search("query log entries",
                handle -> LogEntryPageQuery.fetch(handle, query, query.limit() + 1));
        if (rows.size() <= query.limit()) {
            return new LogPage(rows, null);
        }
        List<LogEntry> page = rows.subList(0, query.limit());
        return new LogPage(page, PageCursor.after(page.get(page.size() - 1), query));
    }

    @Override
    public Histogram histogram(HistogramQuery query) {
        return search("count log entries", handle -> LogEntryHistogramQuery.count(handle, query));
    }

    /**
     * Runs a search in a transaction of its own, so that its settings (which SET LOCAL scopes to the transaction) do
     * not outlive it on a pooled connection:
     * <ul>
     *   <li>the statement timeout;
     *   <li>a plan made for the bound values every time. Once the driver prepares a statement that ran often, the
     *       server may switch to one generic plan for all values, which picks indexes without knowing how selective
     *       a value is. Planning a search took 0.2 to 0.6 ms on the SearchPlansIT fixture, and keeps the plans that
     *       test checks.
     * </ul>
     */
    private <T> T search(String action, HandleCallback<T, RuntimeException> work) {
        return StoreFailures.translateSearch(action, queryTimeout, () -> jdbi.inTransaction(handle -> {
            // SET takes no bind parameter; the value is a whole number from configuration, never request input.
            handle.execute("SET LOCAL statement_timeout = '" + queryTimeout.toMillis() + "ms';"
                    + " SET LOCAL plan_cache_mode = force_custom_plan");
            return work.withHandle(handle);
        }));
    }
}
