package io.logpipe.postgres;

import io.logpipe.domain.EntriesRejectedException;
import io.logpipe.domain.QueryTimeoutException;
import io.logpipe.domain.StoreUnavailableException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.JdbiException;
import org.postgresql.util.PSQLException;

/**
 * Turns JDBI failures into what the adapters' callers can act on.
 *
 * <p>Only failures that a later retry can fix become {@link StoreUnavailableException}: the connection (SQLSTATE class
 * 08), a rolled-back transaction such as a deadlock or serialization failure (40), resources (53), operator
 * intervention such as a shutdown or a statement timeout (57), server-side system and internal errors (58, XX), a lock
 * wait that timed out (55P03) and a read-only server after a fail-over (25006). A JDBC failure without SQLSTATE is
 * assumed to be a broken connection too.
 *
 * <p>Everything else PostgreSQL rejects (a constraint; bad data, such as attributes that are not valid JSON (22P02)
 * or that escape a NUL character (22P05); a missing table; a syntax error) and JDBI misuse without any JDBC failure
 * would fail again on every retry. They surface as {@link IllegalStateException} naming the SQLSTATE, rather than
 * disguised as an outage that a worker would retry forever; for a write of entries, as
 * {@link EntriesRejectedException} with the SQLSTATE (see {@link #translateWrite}), since bad data in one entry is the
 * likely cause.
 *
 * <p>A search that runs under its own statement timeout and is cancelled (57014) becomes
 * {@link QueryTimeoutException} (see {@link #translateSearch}): running it again would most likely time out again.
 */
final class StoreFailures {
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57", "58", "XX");
    private static final Set<String> TRANSIENT_STATES = Set.of("55P03", "25006");
    private static final String CHECK_VIOLATION = "23514";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String QUERY_CANCELED = "57014";

    private StoreFailures() {
    }

    /** What a failure that retrying will not fix becomes, given its message, SQLSTATE and cause. */
    private interface Rejection {
        RuntimeException of(String message, String sqlState, Exception cause);
    }

    /** Work on the database that may also use the driver directly, as {@code COPY} does. */
    interface StoreWork<T> {
        T run() throws SQLException;
    }

    private static final Rejection BUG = (message, sqlState, cause) -> new IllegalStateException(message, cause);
    private static final Rejection REFUSED_ENTRIES = EntriesRejectedException::new;

    /** Runs {@code work}, translating any JDBI failure as described on the class. */
    static <T> T translate(String action, Supplier<T> work) {
        return run(action, work::get, BUG);
    }

    /**
     * As {@link #translate(String, Supplier)} for a write of entries: what PostgreSQL rejects for good becomes
     * {@link EntriesRejectedException} with its SQLSTATE, so the caller can isolate the entries to blame.
     */
    static <T> T translateWrite(String action, StoreWork<T> work) {
        return run(action, work, REFUSED_ENTRIES);
    }

    /**
     * As {@link #translate(String, Supplier)} for a search that sets its own statement timeout of {@code timeout}:
     * a cancelled statement becomes {@link QueryTimeoutException}. The search sets no other way to cancel itself, so
     * 57014 means the timeout unless an operator cancelled the statement by hand, which is as rare as it is
     * harmless to report so.
     */
    static <T> T translateSearch(String action, Duration timeout, Supplier<T> work) {
        try {
            return work.get();
        } catch (JdbiException e) {
            if (hasState(e, QUERY_CANCELED)) {
                throw new QueryTimeoutException(timeout, e);
            }
            throw translate(action, e, BUG);
        }
    }

    private static <T> T run(String action, StoreWork<T> work, Rejection rejection) {
        try {
            return work.run();
        } catch (JdbiException | SQLException e) {
            throw translate(action, e, rejection);
        }
    }

    private static RuntimeException translate(String action, Exception failure, Rejection rejection) {
        SQLException cause = sqlCause(failure);
        if (cause == null) {
            return failure instanceof ConnectionException
                    ? new StoreUnavailableException("cannot " + action + ": no connection to PostgreSQL", failure)
                    : new IllegalStateException("cannot " + action + ": " + failure.getMessage(), failure);
        }
        String state = cause.getSQLState();
        if (state == null || isTransient(state)) {
            return new StoreUnavailableException("cannot " + action + ": PostgreSQL is unavailable", failure);
        }
        return rejection.of("cannot " + action + ": PostgreSQL rejected it with SQLSTATE " + state
                + serverMessage(cause) + ", which retrying will not fix", state, failure);
    }

    /**
     * PostgreSQL's own one-line message, such as which constraint refused a row or which byte is not UTF-8, so that
     * whoever reads a dead letter knows what to fix. Only the message: its detail may quote the row.
     */
    private static String serverMessage(SQLException cause) {
        if (cause instanceof PSQLException psql && psql.getServerErrorMessage() != null
                && psql.getServerErrorMessage().getMessage() != null) {
            return " (" + psql.getServerErrorMessage().getMessage() + ")";
        }
        return "";
    }

    /**
     * True for the error an insert gets when no partition accepts a row. It shares its SQLSTATE with every other CHECK
     * violation (logpipe's own level check cannot fail, as levels come from an enum, but an operator may add a
     * constraint of their own); the caller only uses it to check the partitions again and retry once, which costs
     * such a violation one more attempt before it is reported.
     */
    static boolean isMissingPartition(Exception failure) {
        return hasState(failure, CHECK_VIOLATION);
    }

    /** True when a row violated a unique constraint, as a copy of an entry stored before does. */
    static boolean isDuplicate(Exception failure) {
        return hasState(failure, UNIQUE_VIOLATION);
    }

    private static boolean hasState(Exception failure, String state) {
        SQLException cause = sqlCause(failure);
        return cause != null && state.equals(cause.getSQLState());
    }

    private static boolean isTransient(String state) {
        return TRANSIENT_STATES.contains(state)
                || state.length() >= 2 && TRANSIENT_CLASSES.contains(state.substring(0, 2));
    }

    private static SQLException sqlCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
