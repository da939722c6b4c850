package io.logpipe.bootstrap.faults;

import io.logpipe.bootstrap.faults.LogpipeJar.ApiKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Everything one fault test runs, started for it and stopped after it however it ends: a PostgreSQL and a Redis of
 * its own, the logpipe processes and load clients it asks for. Register it per test with
 * {@code @RegisterExtension final FaultHarness harness = new FaultHarness();}.
 *
 * <p>Each test gets a directory {@code target/faults/<class>.<method>-<time>} with every process's log and the
 * servers' data. When a test fails, the tail of every log there is printed and the directory is kept; when it passes,
 * the servers' data is removed and the logs stay. Processes a test leaves running are stopped after it, also when it
 * failed; a JVM that exits before that (a build cancelled mid-test) stops them in a shutdown hook.
 */
final class FaultHarness implements BeforeEachCallback, AfterEachCallback {
    private static final Set<FaultHarness> RUNNING = ConcurrentHashMap.newKeySet();
    private static final int TAIL_LINES = 60;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(FaultHarness::stopAll),
                "fault-harness-cleanup"));
    }

    /** Stopped in reverse order of start: load clients before logpipe, logpipe before the servers. */
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private Path directory;
    private PostgresServer postgres;
    private RedisServer redis;
    private QueueState queue;
    private LogpipeJar jar;

    @Override
    public void beforeEach(ExtensionContext context) {
        String test = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
        directory = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("target/faults")
                .resolve(test + "-" + System.currentTimeMillis());
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RUNNING.add(this);
        postgres = track(PostgresServer.start(directory.resolve("postgres")));
        redis = track(RedisServer.start(directory.resolve("redis")));
        queue = new QueueState(redis);
        jar = new LogpipeJar(directory, postgres, redis);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        boolean failed = context.getExecutionException().isPresent();
        if (failed && directory != null) {
            printLogTails();
        }
        stopAll();
        RUNNING.remove(this);
        if (!failed && directory != null) {
            delete(directory.resolve("postgres").resolve("data"));
            delete(directory.resolve("redis").resolve("appendonlydir"));
        }
    }

    PostgresServer postgres() {
        return postgres;
    }

    RedisServer redis() {
        return redis;
    }

    QueueState queue() {
        return queue;
    }

    /** An API key for {@code tenant} with the roles ingest and query, made by {@code keys create}. */
    ApiKey createKey(String tenant) {
        return createKey(tenant, "ingest,query");
    }

    /** An API key for {@code tenant} with {@code roles} (comma-separated), made by {@code keys create}. */
    ApiKey createKey(String tenant, String roles) {
        return jar.createKey(tenant, roles);
    }

    /** A logpipe server of {@code roles}, not started yet; see {@link LogpipeProcess#start}. */
    LogpipeProcess logpipe(String name, String roles) {
        return track(jar.server(name, roles));
    }

    /** A load client for the server {@code logpipe}, not started yet. */
    LoadClient load(LogpipeProcess logpipe, ApiKey key, int entriesPerRequest, Duration pause) {
        return track(new LoadClient(logpipe.httpPort(), key, entriesPerRequest, pause));
    }

    private <T extends AutoCloseable> T track(T closeable) {
        synchronized (started) {
            started.push(closeable);
        }
        return closeable;
    }

    private void stopAll() {
        synchronized (started) {
            while (!started.isEmpty()) {
                AutoCloseable next = started.pop();
                try {
                    next.close();
                } catch (Exception e) {
                    System.err.println("[faults] could not stop " + next + ": " + e);
                }
            }
        }
    }

    private void printLogTails() {
        try (Stream<Path> files = Files.walk(directory)) {
            List<Path> logs = files.filter(file -> file.getFileName().toString().endsWith(".log")).sorted().toList();
            for (Path log : logs) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                System.out.println("----- [faults] last " + Math.min(TAIL_LINES, lines.size()) + " of "
                        + lines.size() + " lines of " + log);
                lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()).forEach(System.out::println);
            }
        } catch (IOException | UncheckedIOException e) {
            System.out.println("[faults] cannot print the logs under " + directory + ": " + e);
        }
    }

    private static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            System.err.println("[faults] could not delete " + path + ": " + e);
        }
    }
}
