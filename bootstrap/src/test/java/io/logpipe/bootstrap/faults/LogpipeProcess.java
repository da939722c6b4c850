package io.logpipe.bootstrap.faults;

import static org.awaitility.Awaitility.await;

import io.logpipe.bootstrap.Metrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One logpipe server as a real process, {@code java -jar logpipe.jar server config.yml}, that a test can kill, stop
 * with SIGTERM, pause and resume. It keeps its ports across restarts, so clients reach the next process where they
 * reached the last; each start may take another consumer name. What each process prints goes to a log file of its
 * own in the test's directory.
 */
final class LogpipeProcess implements AutoCloseable {
    private static final Duration READY_WITHIN = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final LogpipeJar jar;
    private final String name;
    private final String roles;
    private final int httpPort;
    private final int adminPort;
    private final Path directory;
    private int starts;
    private int commands;
    private String consumerName;
    private Process process;
    private Path log;
    private long terminatedAt;

    LogpipeProcess(LogpipeJar jar, String name, String roles, int httpPort, int adminPort, Path directory) {
        this.jar = jar;
        this.name = name;
        this.roles = roles;
        this.httpPort = httpPort;
        this.adminPort = adminPort;
        this.directory = directory;
    }

    int httpPort() {
        return httpPort;
    }

    /** Starts a process whose worker consumers are named {@code consumerName-<n>}, and waits until it is healthy. */
    LogpipeProcess start(String consumerName) {
        launch(consumerName);
        awaitHealthy();
        return this;
    }

    /** Starts a process and returns at once; {@link #awaitHealthy()} waits for it (to start several side by side). */
    void launch(String consumerName) {
        if (isAlive()) {
            throw new IllegalStateException(name + " already runs (pid " + process.pid() + ")");
        }
        starts++;
        log = directory.resolve(name + "-" + starts + "-" + consumerName + ".log");
        this.consumerName = consumerName;
        ProcessBuilder builder = jar.processBuilder(environment(), "server")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", builder.command()), e);
        }
    }

    /**
     * Runs {@code java -jar logpipe.jar <arguments> config.yml} to its end with the environment the server was last
     * started with, as an operator runs a command such as {@code dead-letters list} beside a running server.
     *
     * @return every line it printed, on standard output or error, log lines included
     * @throws IllegalStateException with its output, if it fails or outlasts a minute and a half
     */
    List<String> command(String... arguments) {
        String what = String.join("-", List.of(arguments).subList(0, Math.min(2, arguments.length)));
        Path commandLog = directory.resolve(name + "-command-" + ++commands + "-" + what + ".log");
        Command.run(commandLog, Duration.ofSeconds(90), jar.processBuilder(environment(), arguments));
        try {
            return Files.readAllLines(commandLog, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + commandLog, e);
        }
    }

    /** Waits until the admin port's {@code /healthcheck} answers 200: every check healthy. */
    void awaitHealthy() {
        try {
            await(name + " to report healthy on " + healthUrl())
                    .atMost(READY_WITHIN).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(name + " exited with code " + process.exitValue()
                                    + " while starting:\n" + logTail(40));
                        }
                        return status(healthUrl()) == 200;
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(e.getMessage() + "\n" + logTail(40), e);
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** {@code kill -9}: the process ends at once, in the middle of whatever it does. Returns once it is gone. */
    void kill() {
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(30));
    }

    /** SIGTERM, as an orchestrator stops a container; {@link #awaitExit} then waits for the process to end. */
    void sigterm() {
        terminatedAt = System.nanoTime();
        process.destroy();
    }

    /**
     * Waits up to {@code atMost} for the process to exit after {@link #sigterm()}.
     *
     * @return how long after SIGTERM it exited
     * @throws AssertionError if it still runs after {@code atMost}; it is killed then
     */
    Duration awaitExit(Duration atMost) {
        long left = atMost.toNanos() - (System.nanoTime() - terminatedAt);
        if (!waitForExit(Duration.ofNanos(Math.max(0, left)))) {
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(30));
            throw new AssertionError(name + " still ran " + atMost + " after SIGTERM:\n" + logTail(40));
        }
        return Duration.ofNanos(System.nanoTime() - terminatedAt);
    }

    /** Whether the HTTP port still accepts connections: a stopping server closes it before anything else. */
    boolean acceptsConnections() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGSTOP: the process stops running, holding its connections and leases, until {@link #resume()}. */
    void pause() {
        Command.signal(directory.resolve("signals.log"), "STOP", process.pid());
    }

    /** SIGCONT after {@link #pause()}. */
    void resume() {
        Command.signal(directory.resolve("signals.log"), "CONT", process.pid());
    }

    /**
     * The status of the readiness endpoint on the application port, {@code /health-check?type=ready}, as a load
     * balancer polls it; -1 while nothing listens.
     */
    int readiness() {
        return status("http://127.0.0.1:" + httpPort + "/health-check?type=ready");
    }

    /** The sum of every series of the Prometheus metric {@code metric} on the admin port's {@code /metrics}. */
    double metric(String metric) {
        return Metrics.sum(metrics(), metric);
    }

    /**
     * The value of the series of {@code metric} with exactly {@code labels}, such as {@code check="redis"}.
     *
     * @throws AssertionError if the process serves no such series
     */
    double metric(String metric, String labels) {
        return Metrics.series(metrics(), metric, labels).orElseThrow(
                () -> new AssertionError(name + " serves no series " + metric + "{" + labels + "}"));
    }

    /** The last {@code lines} lines the current (or last) process printed. */
    String logTail(int lines) {
        if (log == null || !Files.exists(log)) {
            return "(" + name + " printed nothing)";
        }
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (isAlive()) {
            kill();
        }
    }

    private boolean waitForExit(Duration atMost) {
        try {
            return process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> environment() {
        if (consumerName == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return Map.of(
                "LOGPIPE_ROLES", roles,
                "LOGPIPE_WORKER_NAME", consumerName,
                "LOGPIPE_HTTP_PORT", Integer.toString(httpPort),
                "LOGPIPE_ADMIN_PORT", Integer.toString(adminPort));
    }

    private String metrics() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + adminPort + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the metrics of " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String healthUrl() {
        return "http://127.0.0.1:" + adminPort + "/healthcheck";
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
