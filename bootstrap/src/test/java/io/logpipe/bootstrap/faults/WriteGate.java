package io.logpipe.bootstrap.faults;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds every write into {@code log_entries} back, so a test can catch a worker in the middle of a batch at a moment
 * it chooses: the batch leased, not written, and not acknowledged. A transaction on a connection of the gate's own
 * holds {@code LOCK TABLE log_entries IN SHARE MODE}, which lets queries through and makes every insert or copy (into
 * the table or any of its partitions) wait until the gate opens.
 */
final class WriteGate implements AutoCloseable {
    /** Backends other than the gate's own waiting for a lock on log_entries or one of its partitions. */
    private static final String WAITING_WRITERS = """
            SELECT DISTINCT l.pid FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
            WHERE NOT l.granted AND c.relname LIKE 'log_entries%' AND l.pid <> pg_backend_pid()
            """;

    private final PostgresServer postgres;
    private final Connection holder;

    private WriteGate(PostgresServer postgres, Connection holder) {
        this.postgres = postgres;
        this.holder = holder;
    }

    /** Shuts the gate: from now on writes wait at it. */
    static WriteGate hold(PostgresServer postgres) throws SQLException {
        Connection holder = postgres.connect();
        holder.setAutoCommit(false);
        try (Statement lock = holder.createStatement()) {
            lock.execute("LOCK TABLE log_entries IN SHARE MODE");
        }
        return new WriteGate(postgres, holder);
    }

    /**
     * Waits until at least {@code writers} writes wait at the gate.
     *
     * @return the PostgreSQL backend pids of the waiting writes
     */
    List<Integer> awaitWaitingWriters(int writers) {
        List<Integer> waiting = new ArrayList<>();
        await(writers + " write(s) to wait at the gate").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    waiting.clear();
                    waiting.addAll(waitingWriters());
                    return waiting.size() >= writers;
                });
        return List.copyOf(waiting);
    }

    /** Opens the gate: the writes waiting at it go on. */
    void release() throws SQLException {
        if (!holder.isClosed()) {
            holder.commit();
            holder.close();
        }
    }

    @Override
    public void close() throws SQLException {
        release();
    }

    private List<Integer> waitingWriters() throws SQLException {
        List<Integer> pids = new ArrayList<>();
        try (Connection connection = postgres.connect();
                Statement query = connection.createStatement();
                ResultSet rows = query.executeQuery(WAITING_WRITERS)) {
            while (rows.next()) {
                pids.add(rows.getInt(1));
            }
        }
        return pids;
    }
}
