package io.logpipe.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness's Lua script driving the real wrk against a small HTTP server that counts what it receives. */
class WrkIT {
    private static final List<String> KEYS = List.of("key-of-tenant-0", "key-of-tenant-1");

    @TempDir
    Path directory;

    private HttpServer server;
    private final Map<String, AtomicInteger> bodies = new ConcurrentHashMap<>();
    private final Map<String, String> authorizations = new ConcurrentHashMap<>();

    @BeforeEach
    void startServer() throws IOException {
        // The benchmark installs wrk itself; the test suite must also run where it is not installed (CI installs it).
        assumeTrue(Stream.of(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, "wrk"))),
                "wrk is not installed");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ingest/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.computeIfAbsent(body, b -> new AtomicInteger()).incrementAndGet();
            authorizations.put(body, exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(body.contains("refuse") ? 503 : 202, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    @AfterEach
    void stopServer() {
        if (server != null) { // null when the test was skipped for want of wrk
            server.stop(0);
        }
    }

    @Test
    void onceModeSendsEveryBodyWithItsTenantsKeyAndStopsLongBeforeTheDuration() throws Exception {
        Path prefix = writeBodies(20);

        long start = System.nanoTime();
        Wrk.Result result = new Wrk(directory, 2, 4).run(baseUrl(), prefix, true, Duration.ofSeconds(60), KEYS);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(bodies.keySet()).hasSize(20);
        assertThat(result.answeredWith(202)).isGreaterThanOrEqualTo(20);
        assertThat(result.failures()).isZero();
        assertThat(authorizations.get("{\"n\":3}")).isEqualTo("Bearer key-of-tenant-1");
        assertThat(authorizations.get("{\"n\":4}")).isEqualTo("Bearer key-of-tenant-0");
    }

    @Test
    void cycleModeRepeatsTheBodiesAndCountsRefusals() throws Exception {
        Path prefix = directory.resolve("bodies");
        Files.writeString(Path.of(prefix + "-0.txt"), "0\t{\"n\":1}\n0\t{\"refuse\":true}\n");

        Wrk.Result result = new Wrk(directory, 1, 1).run(baseUrl(), prefix, false, Duration.ofSeconds(1), KEYS);

        assertThat(bodies.get("{\"n\":1}").get()).isGreaterThan(1);
        assertThat(result.answeredWith(503)).isPositive();
        assertThat(result.failures()).isEqualTo(result.answeredWith(503) + result.socketErrors());
        assertThat(result.latency().p50()).isPositive();
    }

    private Path writeBodies(int count) throws IOException {
        Path prefix = directory.resolve("bodies");
        StringBuilder[] files = {new StringBuilder(), new StringBuilder()};
        for (int n = 0; n < count; n++) {
            files[n % 2].append(n % 2 == 0 ? 0 : 1).append('\t').append("{\"n\":").append(n).append("}\n");
        }
        for (int thread = 0; thread < 2; thread++) {
            Files.writeString(Path.of(prefix + "-" + thread + ".txt"), files[thread]);
        }
        return prefix;
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
