package io.logpipe.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One logpipe server started as users start it ({@code java -jar logpipe.jar server config.yml}), in external mode,
 * with its output in a log file. Reports its CPU time and peak resident memory as the kernel counts them, and can
 * record a JFR profile through {@code jcmd}.
 */
final class LogpipeProcess implements AutoCloseable {
    private static final Duration START_LIMIT = Duration.ofSeconds(90);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final String name;
    private final int httpPort;
    private final int adminPort;

    private LogpipeProcess(Process process, String name, int httpPort, int adminPort) {
        this.process = process;
        this.name = name;
        this.httpPort = httpPort;
        this.adminPort = adminPort;
    }

    /**
     * Starts a server and waits until its admin port answers.
     *
     * @param environment the LOGPIPE_* variables naming its PostgreSQL and Redis
     * @param roles what the process runs: {@code api}, {@code worker} or {@code api,worker}
     * @param settings configuration settings to override, by dotted path (Dropwizard's {@code -Ddw.} properties)
     */
    static LogpipeProcess start(Setup setup, Map<String, String> environment, String name, String roles,
                                int httpPort, int adminPort, Map<String, String> settings)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(setup.java()));
        settings.forEach((path, value) -> command.add("-Ddw." + path + "=" + value));
        command.addAll(List.of("-jar", setup.jar().toString(), "server", setup.config().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(setup.logDirectory().resolve(name + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.putAll(environment);
        env.put("LOGPIPE_ROLES", roles);
        env.put("LOGPIPE_WORKER_NAME", name);
        env.put("LOGPIPE_HTTP_PORT", String.valueOf(httpPort));
        env.put("LOGPIPE_ADMIN_PORT", String.valueOf(adminPort));
        env.put("LOGPIPE_MIGRATE_ON_START", "false");
        // Backpressure would answer 503 once a million entries wait, which a run with the workers off reaches in
        // seconds: lifted, so the figures show what ingest and the queue can take. Older releases ignore it.
        env.put("LOGPIPE_MAX_QUEUED_ENTRIES", String.valueOf(Long.MAX_VALUE));
        LogpipeProcess started = new LogpipeProcess(builder.start(), name, httpPort, adminPort);
        started.awaitAdminPort();
        return started;
    }

    /** Where the harness finds the jar, the config file and the JVM, and where servers write their logs. */
    record Setup(String java, Path jar, Path config, Path logDirectory) {
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    String name() {
        return name;
    }

    /** The Prometheus text of {@code /metrics}, reduced to its unlabelled samples. */
    Map<String, Double> metrics() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + adminPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        return PrometheusText.unlabelled(response.body());
    }

    double metric(String name) throws IOException, InterruptedException {
        return metrics().getOrDefault(name, 0.0);
    }

    /** CPU time (user + system) the process has used since it started. */
    Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** The largest resident set the process has had since it started ({@code VmHWM}), in bytes. */
    long peakResidentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 0;
    }

    /**
     * Starts a JFR recording with the JDK's {@code profile} settings.
     *
     * @param everySocketRead record every socket read, not only those over 10 ms, so that waits for PostgreSQL and
     *     Redis add up to their real share; it costs a stack trace per read, too much where requests are tiny
     */
    void startProfile(String java, boolean everySocketRead) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("JFR.start", "name=bench", "settings=profile"));
        if (everySocketRead) {
            arguments.add("jdk.SocketRead#threshold=0ms");
        }
        jcmd(java, arguments.toArray(String[]::new));
    }

    void stopProfile(String java, Path file) throws IOException, InterruptedException {
        jcmd(java, "JFR.stop", "name=bench", "filename=" + file);
    }

    private void jcmd(String java, String... arguments) throws IOException, InterruptedException {
        Path jcmd = Path.of(java).resolveSibling("jcmd");
        List<String> command = new ArrayList<>(List.of(Files.exists(jcmd) ? jcmd.toString() : "jcmd",
                String.valueOf(process.pid())));
        command.addAll(List.of(arguments));
        Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes());
        if (run.waitFor() != 0) {
            throw new IOException("jcmd " + String.join(" ", arguments) + " failed: " + output);
        }
    }

    private void awaitAdminPort() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_LIMIT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("logpipe '" + name + "' exited with " + process.exitValue() + " during start;"
                        + " see its log");
            }
            try {
                HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/healthcheck"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IOException("logpipe '" + name + "' did not open its admin port within " + START_LIMIT);
    }

    /** Stops the server as an operator would (SIGTERM), and kills it if it does not exit in time. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Sums one metric over several processes, such as entries written by every worker process. */
    static double sum(List<LogpipeProcess> processes, String metric) throws IOException, InterruptedException {
        double total = 0;
        for (LogpipeProcess process : processes) {
            total += process.metric(metric);
        }
        return total;
    }

    static Map<String, String> externalMode(String jdbcUrl, String user, String password, String redisUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("LOGPIPE_DATABASE_URL", jdbcUrl);
        env.put("LOGPIPE_DATABASE_USER", user);
        env.put("LOGPIPE_DATABASE_PASSWORD", password);
        env.put("LOGPIPE_REDIS_URL", redisUrl);
        env.put("LOGPIPE_KEY_PEPPER", "logpipe-bench-pepper-not-secret");
        // The bench measures what the pipeline can carry, not the per-key limits that protect tenants from each other.
        env.put("LOGPIPE_KEY_ENTRIES_PER_SECOND", "0");
        env.put("LOGPIPE_KEY_QUERIES_PER_SECOND", "0");
        return env;
    }
}
