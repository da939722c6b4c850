package io.logpipe.postgres;

import io.logpipe.domain.LogEntry;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;

/**
 * Creates the daily partitions of {@code log_entries} ({@code log_entries_YYYYMMDD}, one per UTC day) before rows
 * arrive for them.
 *
 * <p>Days already seen are remembered, so the write path touches the catalog once per day and process, not once per
 * batch. A day is remembered only after its partition is committed. Thread-safe; several processes may run one each.
 */
final class DailyPartitions {
    /**
     * The advisory lock every creator takes, in every process. Creations are rare (about one a day), so serialising them
     * costs nothing, and it turns two racing {@code CREATE TABLE IF NOT EXISTS} into a wait: unserialised, the loser can
     * fail on the catalog's unique index even with {@code IF NOT EXISTS}.
     */
    private static final long CREATION_LOCK = 0x6c6f6770697065L;

    /**
     * Creating a partition needs an exclusive lock on {@code log_entries}; while it waits behind a long query, every
     * later query and insert queues behind it. Giving up soon (the batch is retried) keeps that stall short.
     */
    private static final String LOCK_TIMEOUT = "5s";

    private static final DateTimeFormatter NAME_SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;

    private final Jdbi jdbi;
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

    DailyPartitions(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The UTC days the entries' timestamps fall on. */
    static Set<LocalDate> daysOf(List<LogEntry> entries) {
        Set<LocalDate> days = new TreeSet<>();
        for (LogEntry entry : entries) {
            days.add(LocalDate.ofInstant(entry.timestamp(), ZoneOffset.UTC));
        }
        return days;
    }

    static String partitionName(LocalDate day) {
        return "log_entries_" + day.format(NAME_SUFFIX);
    }

    /**
     * Makes sure each day has its partition, creating the missing ones in one short transaction of their own. They are
     * not created in the caller's insert transaction, which would then hold the exclusive lock on {@code log_entries}
     * until it commits.
     *
     * @throws org.jdbi.v3.core.JdbiException if a partition cannot be created
     */
    void ensureExist(Set<LocalDate> days) {
        List<LocalDate> missing = days.stream().filter(day -> !known.contains(day)).sorted().toList();
        if (missing.isEmpty()) {
            return;
        }
        jdbi.useTransaction(handle -> {
            handle.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
            handle.createQuery("SELECT 1 FROM pg_advisory_xact_lock(:key)").bind("key", CREATION_LOCK)
                    .mapTo(Integer.class).one();
            for (LocalDate day : missing) {
                handle.execute(createStatement(day));
            }
        });
        known.addAll(missing);
    }

    /** Forgets days, so the next {@link #ensureExist} checks them again; for partitions dropped behind our back. */
    void forget(Collection<LocalDate> days) {
        known.removeAll(days);
    }

    // DDL takes no bind parameters; the name and bounds come from a LocalDate, never from input text. The bounds carry
    // an explicit +00 offset so the session's TimeZone cannot move a day's edges.
    private static String createStatement(LocalDate day) {
        return """
                CREATE TABLE IF NOT EXISTS %s PARTITION OF log_entries
                    FOR VALUES FROM ('%s 00:00:00+00') TO ('%s 00:00:00+00')
                """.formatted(partitionName(day), day, day.plusDays(1));
    }
}
