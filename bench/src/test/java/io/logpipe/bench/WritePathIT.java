package io.logpipe.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * The write paths against the real PostgreSQL the benchmark uses (127.0.0.1:5432), on a temporary copy of logpipe's
 * table, which shadows any real one and disappears with the connection. The rows each path stores are compared with
 * the same entries loaded by COPY text, the format the COPY baseline has always used.
 */
class WritePathIT {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    // logpipe's log_entries (adapters-postgres changelog.xml), which bench may not depend on: keep in step by hand.
    private static final String TABLE = """
            CREATE TEMPORARY TABLE log_entries (
                tenant      text        NOT NULL,
                id          uuid        NOT NULL,
                timestamp   timestamptz NOT NULL,
                received_at timestamptz NOT NULL,
                service     text        NOT NULL,
                level       text        NOT NULL
                    CHECK (level IN ('trace', 'debug', 'info', 'warn', 'error', 'fatal')),
                message     text        NOT NULL,
                attributes  jsonb       NOT NULL DEFAULT '{}',
                trace_id    text,
                span_id     text,
                host        text,
                PRIMARY KEY (tenant, timestamp, id)
            ) PARTITION BY RANGE (timestamp);
            CREATE INDEX ON log_entries (tenant, service, timestamp DESC, id DESC);
            CREATE TEMPORARY TABLE log_entries_20260301 PARTITION OF log_entries
                FOR VALUES FROM ('2026-03-01 00:00:00+00') TO ('2026-03-02 00:00:00+00');
            CREATE TEMPORARY TABLE expected (LIKE log_entries);
            """;

    private Connection connection;
    private long seed;

    @BeforeEach
    void createTable() throws SQLException {
        try {
            connection = DriverManager.getConnection(SERVER, "postgres", "");
        } catch (SQLException unreachable) {
            assumeTrue(false, "no PostgreSQL at " + SERVER + ": " + unreachable.getMessage());
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(TABLE);
        }
    }

    @AfterEach
    void dropTable() throws SQLException {
        if (connection != null) { // null when the test was skipped for want of a server
            connection.close();
        }
    }

    @Test
    void everyIdempotentPathStoresEachRowOnceAsCopyTextWouldAndCountsOnlyNewRows() throws Exception {
        for (WritePath path : List.of(WritePath.UNNEST, WritePath.VALUES, WritePath.STAGING)) {
            List<SampleEntry> entries = entries(300);
            List<SampleEntry> overlapping = new ArrayList<>(entries.subList(200, 300));
            overlapping.addAll(entries(50));
            WritePath.Writer writer = path.open(connection);

            assertThat(writer.write(batch(entries))).as(path.label()).isEqualTo(300);
            assertThat(writer.write(batch(entries))).as(path.label() + ", again").isZero();
            assertThat(writer.write(batch(overlapping))).as(path.label() + ", half stored").isEqualTo(50);

            entries.addAll(overlapping.subList(100, 150));
            assertStoredAsCopyTextWould(entries, path.label());
            reset();
        }
    }

    @Test
    void copyStraightInRefusesAStoredRowWhichTheFallbackSkips() throws Exception {
        List<SampleEntry> entries = entries(300);
        List<SampleEntry> overlapping = new ArrayList<>(entries.subList(250, 300));
        overlapping.addAll(entries(50));
        WritePath.Writer copy = WritePath.COPY.open(connection);
        assertThat(copy.write(batch(entries))).isEqualTo(300);

        assertThatThrownBy(() -> copy.write(batch(overlapping))).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).isEqualTo(WritePath.UNIQUE_VIOLATION));
        assertThat(count("log_entries")).as("the failed COPY stored nothing").isEqualTo(300);

        assertThat(WritePath.copyFallingBackToStaging(connection).write(batch(overlapping))).isEqualTo(50);
        entries.addAll(overlapping.subList(50, 100));
        assertStoredAsCopyTextWould(entries, "fallback");
    }

    @Test
    void multiRowValuesSplitsABatchBeyondTheParameterLimit() throws Exception {
        List<SampleEntry> entries = entries(6_000);

        assertThat(WritePath.VALUES.open(connection).write(batch(entries))).isEqualTo(6_000);
        assertThat(count("log_entries")).isEqualTo(6_000);
    }

    /** Generated entries of one tenant, and one with text that each format must escape or encode. */
    private List<SampleEntry> entries(int count) {
        List<SampleEntry> entries = new EntryGenerator(++seed, START, Duration.ofMillis(1)).nextBatch(count - 1);
        SampleEntry first = entries.get(0);
        entries.add(new SampleEntry(first.tenant(), UUID.randomUUID(), first.timestamp(), "checkout", "error",
                "tab\there, newline\nthere, \"quoted\" {braced}, back\\slash, grüße 日本 🎉", 500, 7, "eu-west-1",
                0.5, "ffff", "host-99"));
        return entries;
    }

    private static WritePath.Batch batch(List<SampleEntry> entries) {
        EntryColumns columns = EntryColumns.of(entries);
        return new WritePath.Batch(columns, BinaryCopy.encode(columns));
    }

    private void assertStoredAsCopyTextWould(List<SampleEntry> entries, String label) throws Exception {
        StringBuilder text = new StringBuilder();
        for (SampleEntry entry : entries) {
            EntryFormats.appendCopyRow(text, entry, entry.timestamp().plusMillis(50));
        }
        connection.setAutoCommit(true);
        connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY expected (" + EntryFormats.COPY_COLUMNS
                + ") FROM STDIN", new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(count("log_entries")).as(label + ": rows stored").isEqualTo(entries.size());
        assertThat(count("(SELECT * FROM expected EXCEPT SELECT * FROM log_entries) AS missing"))
                .as(label + ": rows of the COPY text not stored with the same values").isZero();
    }

    private void reset() throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE log_entries, expected");
        }
    }

    private long count(String relation) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT count(*) FROM " + relation)) {
            row.next();
            return row.getLong(1);
        }
    }
}
