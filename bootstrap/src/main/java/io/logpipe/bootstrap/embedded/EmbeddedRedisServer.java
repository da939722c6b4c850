package io.logpipe.bootstrap.embedded;

import io.logpipe.bootstrap.queue.RedisServerAddress;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.embedded.core.ExecutableProvider;

/**
 * Runs the redis-server binary bundled in the jar as a child process, or attaches to the one already running on the
 * same data directory (see {@link RunningProcess} for how an orphan is told from a server in use). The process is
 * started and stopped here rather than by the bundling library, whose JVM shutdown hook would stop Redis while the
 * worker is still acknowledging its last batch. The port of a running server is kept in a file beside its pid file,
 * since Redis records only its pid.
 *
 * <p>Redis asks every client for the password in {@code redis.password} (a {@link GeneratedSecret}); the address
 * handed out carries it. The data directory and every file Redis writes there, the append-only file holding every
 * queued entry above all, are open to the owner only.
 */
final class EmbeddedRedisServer {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedisServer.class);
    private static final String PID_FILE = "redis.pid";
    private static final String PORT_FILE = "redis.port";
    private static final String PASSWORD_FILE = "redis.password";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    /** Held by the logpipe process that started the server, for as long as it runs. */
    private static final String OWNER_LOCK = "owner.lock";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private EmbeddedRedisServer() {
    }

    static RedisServerAddress startOrAttach(Path dataDirectory, int configuredPort) throws IOException {
        Path portFile = dataDirectory.resolve(PORT_FILE);
        Path ownerLock = dataDirectory.resolve(OWNER_LOCK);
        Path passwordFile = dataDirectory.resolve(PASSWORD_FILE);
        Optional<List<String>> running = RunningProcess.liveFromPidFile(dataDirectory.resolve(PID_FILE));
        Optional<Integer> runningPort = running.flatMap(lines -> readPort(portFile));
        if (runningPort.isPresent() && RunningProcess.isOwned(ownerLock)) {
            LOG.info("Attaching to the embedded Redis already running on port {} for {}; it is left running",
                    runningPort.get(), dataDirectory);
            return new RedisServerAddress(uri(runningPort.get(), GeneratedSecret.read(passwordFile)), () -> { });
        }
        if (running.isPresent()) {
            RunningProcess.stopOrphan(RunningProcess.pid(running.get()), "Redis");
        }
        Files.createDirectories(dataDirectory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        // Read before makePrivate, which would otherwise quietly tighten a password file that others could read.
        String password = GeneratedSecret.readOrCreate(passwordFile);
        makePrivate(dataDirectory);
        AutoCloseable ownership = RunningProcess.takeOwnership(ownerLock);
        int port = configuredPort == 0 ? freePort() : configuredPort;
        Process process;
        try {
            process = new ProcessBuilder(command(dataDirectory, port))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            sendPassword(process, password);
            awaitReady(process, port, password, dataDirectory);
            PrivateFile.replace(portFile, Integer.toString(port));
        } catch (IOException | RuntimeException e) {
            closeQuietly(ownership, e);
            throw e;
        }
        LOG.info("Started embedded Redis on port {} with its append-only file in {}", port, dataDirectory);
        return new RedisServerAddress(uri(port, password), () -> {
            try {
                stop(process, portFile);
            } finally {
                ownership.close();
            }
        });
    }

    /** Closes the data directory to all but its owner, files and all, as an older logpipe left it open to others. */
    private static void makePrivate(Path dataDirectory) throws IOException {
        Files.setPosixFilePermissions(dataDirectory, OWNER_ONLY);
        List<Path> files;
        try (Stream<Path> listing = Files.list(dataDirectory)) {
            files = listing.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            Set<PosixFilePermission> permissions = new HashSet<>(Files.getPosixFilePermissions(file));
            if (permissions.retainAll(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, permissions);
            }
        }
    }

    /**
     * The shell sets umask 077 for Redis, which creates its files (the append-only file, rewritten copies of it, the
     * log) with the mode the umask leaves; Redis has no setting of its own for it. The password comes on standard
     * input ({@code -} stands for a configuration read from there), as a command-line argument would show it to
     * every local user in {@code ps}, and a configuration file would be one more copy of it on disk.
     */
    private static List<String> command(Path dataDirectory, int port) throws IOException {
        String binary = ExecutableProvider.newJarResourceProvider().get().getAbsolutePath();
        return List.of("/bin/sh", "-c", "umask 077 && exec \"$0\" \"$@\"", binary, "-",
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--dir", dataDirectory.toString(),
                "--pidfile", dataDirectory.resolve(PID_FILE).toString(),
                "--logfile", dataDirectory.resolve("redis.log").toString(),
                "--daemonize", "no",
                "--appendonly", "yes",
                // fsync before each reply: a 202 means the entry is on disk, not only in memory.
                "--appendfsync", "always",
                "--save", "");
    }

    private static void sendPassword(Process process, String password) throws IOException {
        try (OutputStream configuration = process.getOutputStream()) {
            configuration.write(("requirepass \"" + password + "\"\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            if (process.isAlive()) {
                process.destroyForcibly();
                throw e;
            }
            // Redis exited before reading its configuration; awaitReady reports its exit code.
        }
    }

    private static void awaitReady(Process process, int port, String password, Path dataDirectory)
            throws IOException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("embedded Redis exited with code " + process.exitValue() + "; see "
                        + dataDirectory.resolve("redis.log"));
            }
            try (RedisClient probe = RedisClient.builder()
                    .hostAndPort(new HostAndPort("127.0.0.1", port))
                    .clientConfig(DefaultJedisClientConfig.builder().password(password).build())
                    .build()) {
                if ("PONG".equals(probe.ping())) {
                    return;
                }
            } catch (JedisException notYet) {
                sleep(Duration.ofMillis(50));
            }
        }
        process.destroyForcibly();
        throw new IOException("embedded Redis did not answer within " + START_TIMEOUT);
    }

    /** SIGTERM makes Redis flush its append-only file and exit cleanly, removing its pid file. */
    private static void stop(Process process, Path portFile) throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("Embedded Redis did not stop within {}; killing it", STOP_TIMEOUT);
            process.destroyForcibly();
        }
        Files.deleteIfExists(portFile);
        LOG.info("Stopped embedded Redis");
    }

    private static void closeQuietly(AutoCloseable ownership, Exception failure) {
        try {
            ownership.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    private static Optional<Integer> readPort(Path portFile) {
        try {
            return Optional.of(Integer.parseInt(Files.readString(portFile).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static URI uri(int port, String password) {
        try {
            return new URI("redis", ":" + password, "127.0.0.1", port, "/0", null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("a generated password is URL-safe", e);
        }
    }

    private static void sleep(Duration duration) throws IOException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for embedded Redis", e);
        }
    }
}
