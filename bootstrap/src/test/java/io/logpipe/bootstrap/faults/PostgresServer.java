package io.logpipe.bootstrap.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A PostgreSQL of the test's own, from the installed server binaries: a fresh data directory, a free port on
 * 127.0.0.1, trust authentication and no Unix socket. It stops in immediate mode, which is how a crash leaves the
 * data (PostgreSQL recovers from its WAL on the next start), and starts again on the same port and data.
 *
 * <p>PostgreSQL refuses to run as root, so when the tests run as root (as CI does) every binary runs as the
 * {@code postgres} user, through {@code runuser}, on a directory that user owns. {@code fsync} is off: a stop in
 * immediate mode ends the server's processes, not the machine, so the operating system still writes what they wrote.
 * {@link #startWithSsl} starts one that also accepts TLS connections.
 */
public final class PostgresServer implements AutoCloseable {
    private static final String USER = "postgres";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final Path binaries;
    private final Path data;
    private final Path serverLog;
    private final Path commandLog;
    private final int port;
    private final Path directory;
    private String sslSettings = "";

    private PostgresServer(Path binaries, Path directory, int port) {
        this.binaries = binaries;
        this.directory = directory;
        this.data = directory.resolve("data");
        this.serverLog = directory.resolve("postgres.log");
        this.commandLog = directory.resolve("pg_ctl.log");
        this.port = port;
    }

    /** Creates a cluster in {@code directory} (which must not exist yet) and starts it on a free port. */
    static PostgresServer start(Path directory) {
        PostgresServer server = new PostgresServer(binaries(), directory, FreePorts.take());
        server.initialize(directory);
        server.start();
        return server;
    }

    /**
     * As {@link #start}, with {@code ssl=on}: the server offers TLS with {@code certificate} and {@code key} (PEM
     * files, copied into {@code directory}) and still accepts plain connections, as trust authentication allows both.
     */
    public static PostgresServer startWithSsl(Path directory, Path certificate, Path key) {
        PostgresServer server = new PostgresServer(binaries(), directory, FreePorts.take());
        server.initialize(directory);
        server.useSsl(certificate, key);
        server.start();
        return server;
    }

    /** Whether PostgreSQL's server binaries are installed where {@link #start} looks for them. */
    public static boolean isInstalled() {
        return installedBinaries().isPresent();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** The port it listens on, on 127.0.0.1. */
    public int port() {
        return port;
    }

    public String user() {
        return USER;
    }

    /** A new connection as the superuser; close it. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, "");
    }

    /** Starts the server on its port and data, and returns once it accepts connections. */
    void start() {
        pgCtl(List.of("-D", data.toString(), "-l", serverLog.toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off"
                        + sslSettings,
                "start"));
    }

    /** Stops the server as a crash would, without a checkpoint and without waiting for its clients. */
    void stopImmediately() {
        pgCtl(List.of("-D", data.toString(), "-m", "immediate", "-w", "-t", "60", "stop"));
    }

    /** Stops the server if it runs; the data directory stays for the test's report. */
    @Override
    public void close() {
        Optional<ProcessHandle> postmaster = postmaster();
        if (postmaster.isEmpty()) {
            return;
        }
        try {
            stopImmediately();
        } finally {
            postmaster.filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private Optional<ProcessHandle> postmaster() {
        Path pidFile = data.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void initialize(Path directory) {
        try {
            Files.createDirectories(directory);
            if ("root".equals(System.getProperty("user.name"))) {
                UserPrincipal owner = directory.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(USER);
                Files.setOwner(directory, owner);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + directory + " for PostgreSQL (is there a '" + USER
                    + "' user?)", e);
        }
        Command.run(commandLog, COMMAND_TIMEOUT, Command.as(USER, List.of(binaries.resolve("initdb").toString(),
                "-D", data.toString(), "-U", USER, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync")));
    }

    /**
     * PostgreSQL refuses a key file that others may read or that another user owns, so the copies belong to the
     * server's user and only it may read the key.
     */
    private void useSsl(Path certificate, Path key) {
        Path ownCertificate = directory.resolve("server.crt");
        Path ownKey = directory.resolve("server.key");
        try {
            Files.copy(certificate, ownCertificate, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(key, ownKey, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(ownKey, PosixFilePermissions.fromString("rw-------"));
            if ("root".equals(System.getProperty("user.name"))) {
                UserPrincipal owner = directory.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(USER);
                Files.setOwner(ownCertificate, owner);
                Files.setOwner(ownKey, owner);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give PostgreSQL its certificate in " + directory, e);
        }
        sslSettings = " -c ssl=on -c ssl_cert_file='" + ownCertificate + "' -c ssl_key_file='" + ownKey + "'";
    }

    private void pgCtl(List<String> arguments) {
        List<String> command = Stream.concat(Stream.of(binaries.resolve("pg_ctl").toString()), arguments.stream())
                .toList();
        Command.run(commandLog, COMMAND_TIMEOUT, Command.as(USER, command));
    }

    private static Path binaries() {
        return installedBinaries().orElseThrow(() -> new IllegalStateException("The fault tests need PostgreSQL's "
                + "server binaries (initdb, pg_ctl): none under /usr/lib/postgresql/*/bin nor on the PATH. Install "
                + "them, e.g. 'apt-get install postgresql' (as .ci/run does)."));
    }

    /** The newest Debian PostgreSQL ({@code /usr/lib/postgresql/<version>/bin}), else the one on the PATH. */
    private static Optional<Path> installedBinaries() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            Optional<Path> newest = versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("pg_ctl")))
                    .max(Comparator.comparing(PostgresServer::majorVersion));
            if (newest.isPresent()) {
                return newest;
            }
        } catch (IOException e) {
            // No Debian layout: look on the PATH.
        }
        return Stream.of(System.getenv("PATH").split(":"))
                .map(Path::of)
                .filter(directory -> Files.isExecutable(directory.resolve("pg_ctl"))
                        && Files.isExecutable(directory.resolve("initdb")))
                .findFirst();
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
