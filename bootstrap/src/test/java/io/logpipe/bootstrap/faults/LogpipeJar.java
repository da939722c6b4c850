package io.logpipe.bootstrap.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

/**
 * The shaded {@code logpipe.jar} run as an operator runs it, against the test's own PostgreSQL and Redis: the
 * repository's config.yml, the servers named by {@code LOGPIPE_DATABASE_URL} and {@code LOGPIPE_REDIS_URL}, and the
 * few settings a fault test shortens (the visibility timeout, the lease wait) as Dropwizard's {@code -Ddw.*}
 * overrides of that file. No {@code LOGPIPE_*} variable of the test's own environment leaks into the processes.
 */
final class LogpipeJar {
    /** Short enough that a test waits seconds for a lease to be taken over, longer than any batch takes here. */
    static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(3);
    private static final Map<String, String> FAULT_TEST_SETTINGS = Map.of(
            "redis.visibilityTimeout", VISIBILITY_TIMEOUT.toMillis() + "ms",
            "worker.leaseWait", "200ms",
            "worker.maxBackoff", "1s",
            // Long enough to see readiness fail before the ports close, short enough not to slow every SIGTERM.
            "health.shutdownWaitPeriod", "2s");
    /** Startup matters more than peak speed for these processes, and three of them share two cores. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");
    private static Path copyUnderTest;

    private final Path jar;
    private final Path config;
    private final Path directory;
    private final PostgresServer postgres;
    private final RedisServer redis;

    LogpipeJar(Path directory, PostgresServer postgres, RedisServer redis) {
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        this.jar = copyUnderTest(module.resolve("target/logpipe.jar"), module.resolve("target/faults"));
        this.config = module.getParent().resolve("config.yml");
        if (!Files.isRegularFile(config)) {
            throw new IllegalStateException("config.yml not found at " + config);
        }
        this.directory = directory;
        this.postgres = postgres;
        this.redis = redis;
    }

    /** A server of {@code roles} ({@code api}, {@code worker} or both), not started yet, on ports of its own. */
    LogpipeProcess server(String name, String roles) {
        return new LogpipeProcess(this, name, roles, FreePorts.take(), FreePorts.take(), directory);
    }

    /** Makes an API key with the real {@code keys create} command. */
    ApiKey createKey(String tenant, String roles) {
        // A log of its own per tenant and roles: the key is read from its last line.
        Path log = directory.resolve("keys-create-" + tenant + "-" + roles.replace(',', '-') + ".log");
        ProcessBuilder command = processBuilder(Map.of(), "keys", "create", "--tenant", tenant, "--roles", roles);
        Command.run(log, Duration.ofSeconds(90), command);
        try {
            List<String> lines = Files.readAllLines(log).stream().filter(line -> !line.isBlank()).toList();
            JsonNode printed = new ObjectMapper().readTree(lines.get(lines.size() - 1));
            return new ApiKey(printed.get("tenant").asText(), printed.get("key").asText());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("keys create printed no key as its last line; see " + log, e);
        }
    }

    /**
     * {@code java -jar logpipe.jar <arguments> config.yml}, with an environment naming the test's servers plus
     * {@code environment}.
     */
    ProcessBuilder processBuilder(Map<String, String> environment, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        FAULT_TEST_SETTINGS.forEach((setting, value) -> command.add("-Ddw." + setting + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(arguments));
        command.add(config.toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("LOGPIPE_"));
        builder.environment().putAll(serverEnvironment());
        builder.environment().putAll(environment);
        return builder;
    }

    /**
     * A copy of the shaded jar, taken once per test JVM: a build that rewrites {@code target/logpipe.jar} while the
     * suite runs (another terminal's {@code mvn package}) would otherwise change the classes under running processes.
     */
    private static synchronized Path copyUnderTest(Path built, Path directory) {
        if (copyUnderTest != null) {
            return copyUnderTest;
        }
        if (!Files.isRegularFile(built)) {
            throw new IllegalStateException(built + " is missing: the fault tests run the shaded jar, which "
                    + "'mvn package' (part of 'mvn verify') builds before the integration tests");
        }
        Path copy = directory.resolve("logpipe-under-test.jar");
        try {
            Files.createDirectories(directory);
            Files.copy(built, copy, StandardCopyOption.REPLACE_EXISTING);
            try (JarFile jarFile = new JarFile(copy.toFile())) {
                if (jarFile.getManifest() == null
                        || jarFile.getManifest().getMainAttributes().getValue("Main-Class") == null) {
                    throw new IllegalStateException(built + " has no Main-Class: not the shaded jar, or caught "
                            + "while a build was writing it");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + built + " to " + copy, e);
        }
        copyUnderTest = copy;
        return copy;
    }

    private Map<String, String> serverEnvironment() {
        return Map.of(
                "LOGPIPE_DATABASE_URL", postgres.jdbcUrl(),
                "LOGPIPE_DATABASE_USER", postgres.user(),
                "LOGPIPE_DATABASE_PASSWORD", "",
                "LOGPIPE_REDIS_URL", redis.url(),
                "LOGPIPE_DATA_DIR", directory.resolve("data").toString(),
                "LOGPIPE_KEY_PEPPER", "fault-test-pepper-0123456789abcdef");
    }

    /** An API key as {@code keys create} printed it. */
    record ApiKey(String tenant, String secret) {
    }
}
