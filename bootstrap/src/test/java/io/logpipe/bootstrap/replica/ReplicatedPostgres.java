package io.logpipe.bootstrap.replica;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL primary and a hot standby streaming from it, made from the installed server binaries the way an
 * operator makes one ({@code initdb}, then {@code pg_basebackup -R}), each on a free port of 127.0.0.1 with trust
 * authentication, in a temporary directory that {@link #close()} removes.
 *
 * <p>PostgreSQL refuses to run as root, so when the tests run as root every binary runs as the {@code postgres} user
 * through {@code runuser}, in a directory that user owns.
 */
final class ReplicatedPostgres implements AutoCloseable {
    private static final String USER = "postgres";
    private static final long COMMAND_TIMEOUT_SECONDS = 120;
    private static final List<String> BINARIES = List.of("initdb", "pg_ctl", "pg_basebackup");

    private final Path binaries;
    private final Path directory;
    private final int primaryPort = freePort();
    private final int replicaPort = freePort();
    private final List<Path> running = new ArrayList<>();

    private ReplicatedPostgres(Path binaries, Path directory) {
        this.binaries = binaries;
        this.directory = directory;
    }

    /** The newest Debian PostgreSQL's binaries ({@code /usr/lib/postgresql/<version>/bin}) if it has all we need. */
    static Optional<Path> installedBinaries() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> BINARIES.stream().allMatch(name -> Files.isExecutable(bin.resolve(name))))
                    .max(Comparator.comparing(ReplicatedPostgres::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Starts a primary, takes a base backup of it and starts that as its streaming replica. */
    static ReplicatedPostgres start(Path binaries) {
        ReplicatedPostgres servers = new ReplicatedPostgres(binaries, temporaryDirectory());
        try {
            servers.startPrimary();
            servers.startReplica();
            return servers;
        } catch (RuntimeException e) {
            servers.close();
            throw e;
        }
    }

    String primaryUrl() {
        return url(primaryPort);
    }

    String replicaUrl() {
        return url(replicaPort);
    }

    String user() {
        return USER;
    }

    /** A new connection to the primary as the superuser; close it. */
    Connection primary() throws SQLException {
        return DriverManager.getConnection(primaryUrl(), USER, "");
    }

    /** A new connection to the replica as the superuser; close it. */
    Connection replica() throws SQLException {
        return DriverManager.getConnection(replicaUrl(), USER, "");
    }

    /** Stops both servers, without waiting for their clients, and removes their data. */
    @Override
    public void close() {
        try {
            for (int i = running.size() - 1; i >= 0; i--) {
                Path data = running.get(i);
                try {
                    run(binary("pg_ctl"), "-D", data.toString(), "-m", "immediate", "-w", "-t", "60", "stop");
                } catch (IllegalStateException e) {
                    // Already stopped: nothing to do but remove its data.
                }
            }
        } finally {
            delete(directory);
        }
    }

    private void startPrimary() {
        Path data = directory.resolve("primary");
        run(binary("initdb"), "-D", data.toString(), "-U", USER, "-A", "trust", "-E", "UTF8", "--no-locale",
                "--no-sync");
        try {
            // initdb's own lines allow it already under trust; this is the one a replica needs, said outright.
            Files.writeString(data.resolve("pg_hba.conf"), "\nhost replication " + USER + " 127.0.0.1/32 trust\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startServer(data, primaryPort, "-c wal_level=replica -c max_wal_senders=4");
    }

    private void startReplica() {
        Path data = directory.resolve("replica");
        // -R writes standby.signal and the primary's connection string: the copy starts as a streaming standby.
        run(binary("pg_basebackup"), "-h", "127.0.0.1", "-p", Integer.toString(primaryPort), "-U", USER,
                "-D", data.toString(), "-R", "-X", "stream", "-c", "fast", "--no-sync");
        startServer(data, replicaPort, "-c hot_standby=on");
    }

    private void startServer(Path data, int port, String settings) {
        run(binary("pg_ctl"), "-D", data.toString(), "-l", directory.resolve(data.getFileName() + ".log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
                        + " -c fsync=off " + settings, "start");
        running.add(data);
    }

    private String binary(String name) {
        return binaries.resolve(name).toString();
    }

    /** Runs a command as the postgres user to its end, and fails with its output if it fails. */
    private void run(String... command) {
        List<String> line = new ArrayList<>();
        if (runningAsRoot()) {
            line.addAll(List.of("runuser", "-u", USER, "--"));
        }
        line.addAll(List.of(command));
        Path log = directory.resolve("commands.log");
        try {
            long start = Files.exists(log) ? Files.size(log) : 0;
            Process process = new ProcessBuilder(line).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            boolean finished = process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor();
            }
            if (!finished || process.exitValue() != 0) {
                byte[] output = Files.readAllBytes(log);
                throw new IllegalStateException(String.join(" ", line) + (finished ? " failed" : " did not finish")
                        + ":\n" + new String(output, (int) start, output.length - (int) start, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", line), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", line), e);
        }
    }

    private static Path temporaryDirectory() {
        try {
            Path directory = Files.createTempDirectory("logpipe-replica-");
            if (runningAsRoot()) {
                Files.setOwner(directory,
                        directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER));
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a directory for PostgreSQL (is there a '" + USER
                    + "' user?)", e);
        }
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String url(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
