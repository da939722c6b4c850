package io.logpipe.bench;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * The harness's access to the PostgreSQL server under test: it creates and drops its own databases, and writes to
 * them directly for the COPY baseline and the query dataset. logpipe itself creates the schema ({@code db migrate}).
 *
 * @param serverUrl a JDBC URL without a database, such as {@code jdbc:postgresql://127.0.0.1:5432/}
 */
record Postgres(String serverUrl, String user, String password) {

    String url(String database) {
        return serverUrl + database;
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), user, password);
    }

    boolean exists(String database) throws SQLException {
        try (Connection admin = connect("postgres");
             var statement = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            statement.setString(1, database);
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        }
    }

    void create(String database) throws SQLException {
        execute("postgres", "CREATE DATABASE " + database);
    }

    void drop(String database) throws SQLException {
        execute("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    void execute(String database, String sql) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    long count(String database, String sql) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Creates logpipe's daily partitions for the given days, named as logpipe names them. */
    void createPartitions(String database, Collection<LocalDate> days) throws SQLException {
        createPartitions(database, "log_entries", days);
    }

    /** Creates daily partitions of a table partitioned as {@code log_entries} is, named {@code <table>_YYYYMMDD}. */
    void createPartitions(String database, String table, Collection<LocalDate> days) throws SQLException {
        for (LocalDate day : days) {
            execute(database, "CREATE TABLE IF NOT EXISTS " + table + "_" + day.format(DateTimeFormatter.BASIC_ISO_DATE)
                    + " PARTITION OF " + table + " FOR VALUES FROM ('" + day + " 00:00:00+00') TO ('"
                    + day.plusDays(1) + " 00:00:00+00')");
        }
    }

    /**
     * Drops every index of {@code log_entries} but its primary key, and returns their names: the table logpipe
     * cannot do without, for the second COPY baseline.
     */
    List<String> dropSecondaryIndexes(String database) throws SQLException {
        List<String> dropped = new ArrayList<>();
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("""
                    SELECT c.relname FROM pg_index i
                    JOIN pg_class c ON c.oid = i.indexrelid
                    WHERE i.indrelid = 'log_entries'::regclass AND NOT i.indisprimary""")) {
                while (rows.next()) {
                    dropped.add(rows.getString(1));
                }
            }
            for (String index : dropped) {
                statement.execute("DROP INDEX " + index);
            }
        }
        return dropped;
    }

    /** Streams COPY text into {@code log_entries} in one statement and transaction; returns the rows copied. */
    long copy(String database, InputStream rows) throws SQLException, IOException {
        return copy(database, "log_entries", rows);
    }

    /** Streams COPY text into a table of {@code log_entries}'s columns; returns the rows copied. */
    long copy(String database, String table, InputStream rows) throws SQLException, IOException {
        try (Connection connection = connect(database)) {
            return connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + table + " (" + EntryFormats.COPY_COLUMNS + ") FROM STDIN", rows);
        }
    }

    /** One line on the server: version and the settings that decide write speed. */
    String describe() throws SQLException {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("""
                     SELECT current_setting('server_version'), current_setting('shared_buffers'),
                            current_setting('synchronous_commit'), current_setting('fsync'),
                            current_setting('max_wal_size')""")) {
            row.next();
            return "PostgreSQL " + row.getString(1) + " (shared_buffers " + row.getString(2) + ", synchronous_commit "
                    + row.getString(3) + ", fsync " + row.getString(4) + ", max_wal_size " + row.getString(5) + ")";
        }
    }
}
