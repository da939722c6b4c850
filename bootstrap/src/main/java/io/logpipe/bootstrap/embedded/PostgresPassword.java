package io.logpipe.bootstrap.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * The embedded PostgreSQL's superuser password and the rule that every connection must present it (SCRAM-SHA-256,
 * PostgreSQL 15's default password encryption), for local socket and TCP connections alike: any local user could
 * otherwise connect as superuser while the server trusts 127.0.0.1.
 *
 * <p>The password lives in {@code <data directory>.password} beside the data directory, not in it: initdb refuses a
 * data directory that is not empty. A data directory made by an older logpipe, which initialized it with
 * {@code trust}, is recognised by its {@code pg_hba.conf} and upgraded on its next start.
 */
final class PostgresPassword {
    static final String USER = "postgres";
    private static final String METHOD = "scram-sha-256";
    private static final String HBA_FILE = "pg_hba.conf";
    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(10);

    private final Path dataDirectory;
    private final Path file;

    PostgresPassword(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
        this.file = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".password");
    }

    Path file() {
        return file;
    }

    /** The password of a server that is already running. */
    String ofRunningServer() throws IOException {
        return GeneratedSecret.read(file);
    }

    /**
     * The password for a start: made now for a data directory that initdb is about to create, or that still trusts
     * connections and is to be upgraded.
     *
     * @throws IOException if the data directory asks for a password but its file is gone: a new one could never be
     *     set, since the server accepts no connection without the old one
     */
    String forStart() throws IOException {
        if (isInitialized() && !trustsConnections() && Files.notExists(file)) {
            throw new IOException("The embedded PostgreSQL in " + dataDirectory + " asks for the password that was in "
                    + file + ", which is missing; restore that file (mode 0600) to start logpipe on this data "
                    + "directory");
        }
        return GeneratedSecret.readOrCreate(file);
    }

    /**
     * Has the library's initdb (run only for a new data directory) set {@code password} and ask every connection for
     * it from the first start, and the library's own readiness check present it.
     */
    EmbeddedPostgres.Builder askedForBy(EmbeddedPostgres.Builder builder, String password) {
        // The library passes its locale options to initdb alone, after its own "-A trust", which these override.
        return builder
                .setLocaleConfig("auth", METHOD)
                .setLocaleConfig("pwfile", file.toString())
                .setConnectConfig("password", password);
    }

    /**
     * Whether the data directory was initialized by an older logpipe, whose pg_hba.conf lets clients in without a
     * password: then the server started on it must be upgraded with {@link #requireOn}.
     */
    boolean trustsConnections() throws IOException {
        if (!isInitialized()) {
            return false;
        }
        return Files.readAllLines(dataDirectory.resolve(HBA_FILE)).stream()
                .map(line -> line.replaceFirst("#.*", "").trim())
                .filter(rule -> !rule.isEmpty())
                .anyMatch(rule -> Arrays.asList(rule.split("\\s+")).contains("trust"));
    }

    /** The same test as the library's for whether it runs initdb. */
    private boolean isInitialized() {
        return Files.exists(dataDirectory.resolve("postgresql.conf"));
    }

    /**
     * Upgrades a server started on a data directory that trusts connections: sets the password over a connection
     * that needs none, makes pg_hba.conf ask for it, has the server reload it, and returns once a connection without
     * the password is refused. Until then the server trusts local connections, as it has done since it was
     * initialized.
     */
    void requireOn(EmbeddedPostgres server, String password) throws IOException, SQLException {
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            // The driver computes the SCRAM verifier and sends only that, so the password is in no statement a server
            // log could show.
            connection.unwrap(PGConnection.class).alterUserPassword(USER, password.toCharArray(), METHOD);
            PrivateFile.replace(dataDirectory.resolve(HBA_FILE), """
                    # Written by logpipe: every connection authenticates with a password; the superuser's is in
                    # %s
                    # TYPE  DATABASE        USER            ADDRESS                 METHOD
                    local   all             all                                     %2$s
                    host    all             all             127.0.0.1/32            %2$s
                    host    all             all             ::1/128                 %2$s
                    local   replication     all                                     %2$s
                    host    replication     all             127.0.0.1/32            %2$s
                    host    replication     all             ::1/128                 %2$s
                    """.formatted(file, METHOD));
            statement.execute("SELECT pg_reload_conf()");
        }
        awaitPasswordRequired(server.getDatabase(USER, USER, Map.of()));
    }

    /** The postmaster rereads pg_hba.conf when the reload signal reaches it, a moment after pg_reload_conf returns. */
    private static void awaitPasswordRequired(DataSource withoutPassword) throws IOException {
        Instant deadline = Instant.now().plus(RELOAD_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            try (Connection stillTrusted = withoutPassword.getConnection()) {
                Thread.sleep(20);
            } catch (SQLException refused) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for PostgreSQL to reload pg_hba.conf", e);
            }
        }
        throw new IOException("the embedded PostgreSQL still accepted connections without a password "
                + RELOAD_TIMEOUT + " after reloading pg_hba.conf");
    }
}
