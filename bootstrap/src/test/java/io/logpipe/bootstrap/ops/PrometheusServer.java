package io.logpipe.bootstrap.ops;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus, run from the {@code prometheus} on the PATH as a child process, that scrapes one logpipe admin
 * port every second and answers queries through its HTTP API. Its data lives in a temporary directory removed on
 * {@link #close}; its output goes to a log file under {@code target/} that stays for reading after a failure.
 */
final class PrometheusServer implements AutoCloseable {
    private static final Duration READY_LIMIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path directory;
    private final Path log;
    private final URI api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, Path directory, Path log, URI api) {
        this.process = process;
        this.directory = directory;
        this.log = log;
        this.api = api;
    }

    /**
     * Starts Prometheus scraping {@code /metrics} on {@code 127.0.0.1:adminPort}, with {@code ruleFile} loaded when it
     * exists (Prometheus refuses to start on a rule file it cannot parse), and returns once it is ready.
     *
     * <p>Without {@code prometheus} on the PATH the calling test is skipped, or fails where {@code CI} is
     * {@code true}, since CI must run it.
     */
    static PrometheusServer scraping(int adminPort, Path ruleFile) {
        Path executable = PrometheusPackage.binary("prometheus");
        PrometheusServer server;
        try {
            Path directory = Files.createTempDirectory("logpipe-prometheus-");
            Path log = Files.createDirectories(Path.of("target", "prometheus")).toAbsolutePath()
                    .resolve(directory.getFileName() + ".log");
            int port = freePort();
            Path config = Files.writeString(directory.resolve("prometheus.yml"), config(adminPort, ruleFile));
            Process process = new ProcessBuilder(executable.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + directory.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            server = new PrometheusServer(process, directory, log, URI.create("http://127.0.0.1:" + port));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + executable, e);
        }
        try {
            server.awaitReady();
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The result vector of the instant query {@code promql}: one object per series, with its metric and value. */
    JsonNode query(String promql) {
        return get("/api/v1/query?query=" + encode(promql)).path("result");
    }

    /** Every metric name Prometheus has stored. */
    Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        get("/api/v1/label/__name__/values").forEach(name -> names.add(name.asText()));
        return names;
    }

    /** The label names carried by any stored series of {@code metric}, without {@code __name__}. */
    Set<String> labelNames(String metric) {
        Set<String> labels = new TreeSet<>();
        get("/api/v1/series?match[]=" + encode(metric))
                .forEach(series -> series.fieldNames().forEachRemaining(labels::add));
        labels.remove("__name__");
        return labels;
    }

    /** Every rule group Prometheus loaded, as {@code /api/v1/rules} lists them with each rule's health. */
    JsonNode ruleGroups() {
        return get("/api/v1/rules").path("groups");
    }

    /** Where Prometheus writes its output; failure messages name it. */
    Path log() {
        return log;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteDirectory();
    }

    /** Scrapes and rule evaluations every second, so a test waits seconds, not the default minute. */
    private static String config(int adminPort, Path ruleFile) {
        String rules = Files.exists(ruleFile)
                ? "rule_files:\n  - \"" + ruleFile.toAbsolutePath().normalize() + "\"\n"
                : "";
        return """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                %sscrape_configs:
                  - job_name: logpipe
                    metrics_path: /metrics
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(rules, adminPort);
    }

    private void awaitReady() {
        await("Prometheus ready on " + api + " (its log: " + log + ")")
                .atMost(READY_LIMIT)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("Prometheus exited with code " + process.exitValue()
                                + " (its log: " + log + "):\n" + Files.readString(log));
                    }
                    return send("/-/ready").statusCode() == 200;
                });
    }

    /** The {@code data} of a successful API answer to {@code path}. */
    private JsonNode get(String path) {
        try {
            HttpResponse<String> response = send(path);
            JsonNode answer = JSON.readTree(response.body());
            if (!answer.path("status").asText().equals("success")) {
                throw new IllegalStateException("Prometheus answered " + path + " with " + response.statusCode()
                        + " " + response.body() + " (its log: " + log + ")");
            }
            return answer.path("data");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach Prometheus at " + api + " (its log: " + log + ")", e);
        }
    }

    private HttpResponse<String> send(String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Prometheus for " + path, e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A port nothing listens on now; Prometheus binds it a moment later. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void deleteDirectory() {
        try (Stream<Path> paths = Files.walk(directory)) {
            List<Path> deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path path : deepestFirst) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}
