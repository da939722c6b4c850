package io.logpipe.bootstrap.faults;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A Redis of the test's own, the installed {@code redis-server} as a child process: a free port on 127.0.0.1 and its
 * own directory, with the append-only file fsynced on every write ({@code appendfsync always}), so whatever it
 * answered survives {@link #kill()}. It starts again on the same port and directory, reading that file back.
 */
final class RedisServer implements AutoCloseable {
    private static final Path DEBIAN_BINARY = Path.of("/usr/bin/redis-server");

    private final Path directory;
    private final Path log;
    private final int port;
    private Process process;

    private RedisServer(Path directory, int port) {
        this.directory = directory;
        this.log = directory.resolve("redis.log");
        this.port = port;
    }

    /** Starts a Redis with an empty directory {@code directory} on a free port. */
    static RedisServer start(Path directory) {
        RedisServer server = new RedisServer(directory, FreePorts.take());
        server.start();
        return server;
    }

    String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    /** A new connection; close it. */
    Jedis connect() {
        return new Jedis(new HostAndPort("127.0.0.1", port), DefaultJedisClientConfig.builder()
                .timeoutMillis(5_000).serverDefaultProtocol().build());
    }

    /** Starts the server on its port and directory, and returns once it answers PING. */
    void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Redis already runs on port " + port);
        }
        try {
            Files.createDirectories(directory);
            process = new ProcessBuilder(List.of(binary().toString(),
                    "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", directory.toString(),
                    "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server", e);
        }
        await("Redis on port " + port + " to answer PING (log: " + log + ")")
                .atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(this::answersPing);
    }

    /** Kills the server with SIGKILL and returns once it is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Redis did not die of SIGKILL within 20 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGSTOP: the server stops answering, holding its connections open, until {@link #resume()}. */
    void pause() {
        Command.signal(directory.resolve("signals.log"), "STOP", process.pid());
    }

    /** SIGCONT after {@link #pause()}. */
    void resume() {
        Command.signal(directory.resolve("signals.log"), "CONT", process.pid());
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    private boolean answersPing() {
        if (!process.isAlive()) {
            throw new IllegalStateException("redis-server exited with code " + process.exitValue() + "; see " + log);
        }
        try (Jedis jedis = connect()) {
            return "PONG".equals(jedis.ping());
        } catch (JedisException e) {
            return false;
        }
    }

    private static Path binary() {
        if (Files.isExecutable(DEBIAN_BINARY)) {
            return DEBIAN_BINARY;
        }
        return Stream.of(System.getenv("PATH").split(":"))
                .map(directory -> Path.of(directory, "redis-server"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("The fault tests need redis-server: not at "
                        + DEBIAN_BINARY + " nor on the PATH. Install it, e.g. 'apt-get install redis-server' (as "
                        + ".ci/run does)."));
    }
}
