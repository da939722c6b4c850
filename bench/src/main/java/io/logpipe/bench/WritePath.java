package io.logpipe.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The candidate ways for logpipe's worker to store a batch in {@code log_entries}: each batch one transaction, each
 * idempotent but the last (a stored entry is skipped, and the statement reports how many rows were new), which
 * fails on any stored entry instead; {@link #copyFallingBackToStaging} is how logpipe would use it.
 */
enum WritePath {
    /** Today's statement (adapters-postgres {@code LogEntryInsert}), bound as JDBI binds it. */
    UNNEST("unnest (today)") {
        @Override
        Writer open(Connection connection) throws SQLException {
            return new UnnestWriter(connection);
        }
    },
    VALUES("multi-row VALUES") {
        @Override
        Writer open(Connection connection) throws SQLException {
            return new ValuesWriter(connection);
        }
    },
    STAGING("COPY to staging, INSERT … SELECT") {
        @Override
        Writer open(Connection connection) throws SQLException {
            return new StagingWriter(connection);
        }
    },
    COPY("COPY straight in") {
        @Override
        Writer open(Connection connection) throws SQLException {
            return new CopyWriter(connection);
        }
    };

    static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = EntryFormats.COPY_COLUMNS;
    private static final int COLUMN_COUNT = COLUMNS.split(", ").length;

    private final String label;

    WritePath(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** A batch in the forms the paths send: its column values, and the same rows as binary COPY. */
    record Batch(EntryColumns columns, byte[] binaryCopy) {
        int size() {
            return columns.size();
        }
    }

    /** Writes batches over one connection, which it switches to manual commit. Not thread-safe. */
    interface Writer {
        /**
         * Writes the batch in one transaction and commits it.
         *
         * @return how many of its rows were new
         * @throws SQLException after rolling the transaction back
         */
        long write(Batch batch) throws SQLException, IOException;
    }

    /** Prepares what the path needs on the connection (statements, a staging table); untimed. */
    abstract Writer open(Connection connection) throws SQLException;

    /**
     * Path 4 as logpipe would run it: COPY straight in, and only when that fails on a stored entry (a redelivered
     * batch), the same batch again through the staging table in a second transaction.
     */
    static Writer copyFallingBackToStaging(Connection connection) throws SQLException {
        Writer copy = COPY.open(connection);
        Writer staging = STAGING.open(connection);
        return batch -> {
            try {
                return copy.write(batch);
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                return staging.write(batch);
            }
        };
    }

    private interface Work {
        long run() throws SQLException, IOException;
    }

    private static long inTransaction(Connection connection, Work work) throws SQLException, IOException {
        try {
            long rows = work.run();
            connection.commit();
            return rows;
        } catch (SQLException | IOException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
    }

    private static Connection manualCommit(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        return connection;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static final class UnnestWriter implements Writer {
        // Character for character the statement of LogEntryInsert, with JDBC's placeholders for JDBI's names.
        private static final String INSERT = """
                INSERT INTO log_entries
                    (tenant, id, timestamp, received_at, service, level, message, attributes, trace_id, span_id, host)
                SELECT *
                FROM unnest(
                    ?::text[], ?::uuid[], ?::timestamptz[], ?::timestamptz[],
                    ?::text[], ?::text[], ?::text[], ?::jsonb[],
                    ?::text[], ?::text[], ?::text[])
                ON CONFLICT (tenant, timestamp, id) DO NOTHING
                """;

        private final Connection connection;
        private final PreparedStatement insert;

        UnnestWriter(Connection connection) throws SQLException {
            this.connection = manualCommit(connection);
            this.insert = connection.prepareStatement(INSERT);
        }

        @Override
        public long write(Batch batch) throws SQLException, IOException {
            EntryColumns rows = batch.columns();
            return inTransaction(connection, () -> {
                // The work LogEntryInsert does per batch: timestamps to OffsetDateTime (its Utc.of), then one array
                // per column, element types as JDBI names them (String as varchar, UUID as uuid, OffsetDateTime as
                // timestamptz, the last registered by logpipe's JdbiSetup).
                OffsetDateTime[] timestamps = new OffsetDateTime[rows.size()];
                OffsetDateTime[] receivedAts = new OffsetDateTime[rows.size()];
                for (int i = 0; i < rows.size(); i++) {
                    timestamps[i] = utc(rows.timestamps[i]);
                    receivedAts[i] = utc(rows.receivedAts[i]);
                }
                insert.setArray(1, text(rows.tenants));
                insert.setArray(2, connection.createArrayOf("uuid", rows.ids));
                insert.setArray(3, connection.createArrayOf("timestamptz", timestamps));
                insert.setArray(4, connection.createArrayOf("timestamptz", receivedAts));
                insert.setArray(5, text(rows.services));
                insert.setArray(6, text(rows.levels));
                insert.setArray(7, text(rows.messages));
                insert.setArray(8, text(rows.attributes));
                insert.setArray(9, text(rows.traceIds));
                insert.setArray(10, text(rows.spanIds));
                insert.setArray(11, text(rows.hosts));
                return insert.executeUpdate();
            });
        }

        private Array text(String[] values) throws SQLException {
            return connection.createArrayOf("varchar", values);
        }
    }

    private static final class ValuesWriter implements Writer {
        /** The protocol counts a statement's parameters in 16 bits. */
        private static final int MAX_ROWS = 65_535 / COLUMN_COUNT;

        private final Connection connection;
        private final Map<Integer, PreparedStatement> statements = new HashMap<>();

        ValuesWriter(Connection connection) throws SQLException {
            this.connection = manualCommit(connection);
        }

        @Override
        public long write(Batch batch) throws SQLException, IOException {
            EntryColumns rows = batch.columns();
            return inTransaction(connection, () -> {
                long inserted = 0;
                // A batch beyond the parameter limit goes as several statements in the same transaction.
                for (int from = 0; from < rows.size(); from += MAX_ROWS) {
                    int count = Math.min(MAX_ROWS, rows.size() - from);
                    PreparedStatement insert = statement(count);
                    int parameter = 1;
                    for (int i = from; i < from + count; i++) {
                        insert.setString(parameter++, rows.tenants[i]);
                        insert.setObject(parameter++, rows.ids[i]);
                        insert.setObject(parameter++, utc(rows.timestamps[i]));
                        insert.setObject(parameter++, utc(rows.receivedAts[i]));
                        insert.setString(parameter++, rows.services[i]);
                        insert.setString(parameter++, rows.levels[i]);
                        insert.setString(parameter++, rows.messages[i]);
                        // Sent untyped, so PostgreSQL reads it as the column's jsonb.
                        insert.setObject(parameter++, rows.attributes[i], Types.OTHER);
                        insert.setString(parameter++, rows.traceIds[i]);
                        insert.setString(parameter++, rows.spanIds[i]);
                        insert.setString(parameter++, rows.hosts[i]);
                    }
                    inserted += insert.executeUpdate();
                }
                return inserted;
            });
        }

        private PreparedStatement statement(int rows) throws SQLException {
            PreparedStatement statement = statements.get(rows);
            if (statement == null) {
                String row = "(" + "?, ".repeat(COLUMN_COUNT - 1) + "?)";
                StringBuilder sql = new StringBuilder(64 + rows * (row.length() + 2))
                        .append("INSERT INTO log_entries (").append(COLUMNS).append(") VALUES ");
                for (int i = 0; i < rows; i++) {
                    sql.append(i == 0 ? "" : ", ").append(row);
                }
                sql.append(" ON CONFLICT (tenant, timestamp, id) DO NOTHING");
                statement = connection.prepareStatement(sql.toString());
                statements.put(rows, statement);
            }
            return statement;
        }
    }

    private static final class StagingWriter implements Writer {
        private static final String STAGING = "log_entries_staging";

        private final Connection connection;
        private final CopyManager copy;
        private final PreparedStatement insert;

        StagingWriter(Connection connection) throws SQLException {
            this.connection = manualCommit(connection);
            this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
            // Once per connection; ON COMMIT DELETE ROWS empties it at the end of every batch's transaction.
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TEMPORARY TABLE " + STAGING
                        + " (LIKE log_entries INCLUDING DEFAULTS) ON COMMIT DELETE ROWS");
            }
            connection.commit();
            this.insert = connection.prepareStatement("INSERT INTO log_entries SELECT * FROM " + STAGING
                    + " ON CONFLICT (tenant, timestamp, id) DO NOTHING");
        }

        @Override
        public long write(Batch batch) throws SQLException, IOException {
            return inTransaction(connection, () -> {
                copy.copyIn("COPY " + STAGING + " (" + COLUMNS + ") FROM STDIN (FORMAT binary)",
                        new ByteArrayInputStream(batch.binaryCopy()));
                return insert.executeUpdate();
            });
        }
    }

    private static final class CopyWriter implements Writer {
        private static final String SQL = "COPY log_entries (" + COLUMNS + ") FROM STDIN (FORMAT binary)";

        private final Connection connection;
        private final CopyManager copy;

        CopyWriter(Connection connection) throws SQLException {
            this.connection = manualCommit(connection);
            this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
        }

        @Override
        public long write(Batch batch) throws SQLException, IOException {
            return inTransaction(connection, () -> copy.copyIn(SQL, new ByteArrayInputStream(batch.binaryCopy())));
        }
    }
}
