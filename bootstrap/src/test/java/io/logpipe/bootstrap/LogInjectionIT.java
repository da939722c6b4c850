package io.logpipe.bootstrap;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.DropwizardTestSupport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;

/**
 * Nothing a client sends can forge a line of logpipe's own logs or reach them as a terminal escape, and no API key
 * ever reaches them, in both formats LOGPIPE_LOG_FORMAT picks. The server runs with its application log and request
 * log in files; the test sends text that breaks the line and starts what looks like an event of its own in every
 * place a client controls, then reads both files line by line, splitting at CR as well as LF, as a terminal and most
 * log readers do.
 *
 * <p>Over HTTP, no client text with control characters reaches the application log today: the entry rules refuse
 * whatever PostgreSQL would refuse, refusals are not logged, and Jetty refuses raw control characters in the request
 * line and headers, and percent-encoded ones in the path, before any of it is handled. The one message that quotes
 * queued data, the dead letter of a record that cannot be decoded, is reached by writing such a record straight into
 * the queue's stream, as {@code PoisonEntryIT} does; that part runs where {@code LOGPIPE_TEST_REDIS_URL} names the
 * Redis, as in CI.
 */
class LogInjectionIT {
    private static final String REDIS_URL = System.getenv("LOGPIPE_TEST_REDIS_URL");
    private static final String FORGED = "FORGED 2026-01-01 ERROR admin logged in";
    /** A line break with a colour escape, a bare LF and a bare CR, each ahead of a line of the attacker's own. */
    private static final List<String> INJECTIONS = List.of(
            "\r\n\u001b[31m" + FORGED + "\u001b[0m", "\n" + FORGED, "\r" + FORGED);
    private static final String COLOURED = INJECTIONS.get(0);
    /** A text log line is an event (level first) or a line of its stack trace (after "! "); nothing else. */
    private static final Pattern TEXT_EVENT_LINE = Pattern.compile("^((TRACE|DEBUG|INFO|WARN|ERROR) +\\[|! )");
    /** A text request log line starts with the remote address, the identity and the user ("127.0.0.1 - - ["). */
    private static final Pattern TEXT_REQUEST_LINE = Pattern.compile("^\\S+ \\S+ \\S+ \\[");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String LAST_REQUEST = "/query/last-request";

    @ParameterizedTest
    @ValueSource(strings = {"json", "text"})
    void clientTextForgesNoLogLineAndNoKeyIsLogged(String format) throws Exception {
        Path directory = TestDirectories.create("logpipe-log-injection-");
        try {
            Logs logs = runServerAndInject(directory, format);

            for (List<String> log : List.of(logs.application(), logs.requests())) {
                assertThat(log).isNotEmpty()
                        .noneMatch(line -> line.indexOf('\u001b') >= 0)
                        .noneMatch(line -> line.startsWith("FORGED"))
                        .noneMatch(line -> line.contains(logs.key()) || line.contains(logs.secret()));
            }
            // Every request was logged, with what a client chose in its path.
            assertThat(logs.requests()).anyMatch(line -> line.contains("FORGED"));
            if (format.equals("json")) {
                assertEveryLineIsOneJsonObject(logs.application());
                assertEveryLineIsOneJsonObject(logs.requests());
            } else {
                assertThat(logs.application()).allMatch(line -> TEXT_EVENT_LINE.matcher(line).find())
                        .noneMatch(LogInjectionIT::hasControlCharacter);
                assertThat(logs.requests()).allMatch(line -> TEXT_REQUEST_LINE.matcher(line).find())
                        .noneMatch(LogInjectionIT::hasControlCharacter);
            }
            if (REDIS_URL != null) {
                // The warning quoting the client's text is there, whole: escaped in text, exact in JSON.
                if (format.equals("json")) {
                    assertThat(logs.application()).map(LogInjectionIT::message)
                            .anyMatch(message -> message.contains("Set aside record") && message.contains(COLOURED));
                } else {
                    assertThat(logs.application()).anyMatch(line -> line.contains("Set aside record")
                            && line.contains("\\r\\n\\u001b[31m" + FORGED + "\\u001b[0m"));
                }
            }
        } finally {
            TestDirectories.delete(directory);
        }
    }

    private static Logs runServerAndInject(Path directory, String format) throws Exception {
        Path applicationLog = directory.resolve("application.log");
        Path requestLog = directory.resolve("requests.log");
        Path config = TestConfig.writeWithLogFiles(directory, format, applicationLog, requestLog);
        // Before the server starts: keys create configures logging from the same file and stops it when done, which
        // would take the running server's appenders with it.
        String key = KeysCli.createKey(config, "log-injection-" + UUID.randomUUID().toString().substring(0, 8),
                "ingest,query");
        DropwizardTestSupport<LogpipeConfiguration> server =
                new DropwizardTestSupport<>(LogpipeApplication.class, config.toString());
        server.before();
        try {
            int port = server.getLocalPort();
            injectThroughHttp(port, key);
            if (REDIS_URL != null) {
                queueUndecodableRecord(server.getConfiguration().getRedis().getStream());
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> Files.readString(applicationLog, UTF_8).contains("Set aside record"));
            }
            // Requests are logged as they complete, in order, so once the last one is in the file all of them are.
            assertThat(send(port, "GET", LAST_REQUEST, "X-API-Key", key, null)).isEqualTo(404);
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> Files.exists(requestLog) && Files.readString(requestLog, UTF_8).contains(LAST_REQUEST));
        } finally {
            server.after();
        }
        return new Logs(lines(applicationLog), lines(requestLog), key);
    }

    /** The forged text in entries, attributes, headers, query parameters and paths, with the key sent both ways. */
    private static void injectThroughHttp(int port, String key) throws Exception {
        List<String> entries = new ArrayList<>();
        for (String injection : INJECTIONS) {
            entries.add(JSON.writeValueAsString(Map.of("service", "log-injection", "level", "error",
                    "message", "payment failed" + injection, "attributes", Map.of("note", injection))));
        }
        String batch = "[" + String.join(",", entries) + "]";
        assertThat(send(port, "POST", "/ingest", "Authorization", "Bearer " + key, batch)).isEqualTo(202);
        assertThat(send(port, "POST", "/ingest", "X-API-Key", key, batch)).isEqualTo(202);
        // Refused with a 422 that quotes the level back to the client.
        assertThat(send(port, "POST", "/ingest", "X-API-Key", key, JSON.writeValueAsString(
                Map.of("service", "log-injection", "level", COLOURED, "message", "m")))).isEqualTo(422);

        for (String injection : INJECTIONS) {
            String encoded = URLEncoder.encode(injection, UTF_8).replace("+", "%20");
            assertThat(send(port, "GET", "/query/?service=log-injection&q=" + encoded, "X-API-Key", key, null))
                    .isEqualTo(200);
            assertThat(send(port, "GET", "/query/" + encoded, "Authorization", "Bearer " + key, null))
                    .isBetween(400, 499);
        }

        // Headers can only carry these raw, written on the socket: Java's HTTP client refuses them. HTTP ends a header
        // at CR LF, so Jetty refuses what comes after as a malformed header; a bare ESC it refuses as an illegal
        // character. What it answers does not matter here, only what reaches the logs.
        String entry = "{\"service\":\"log-injection\",\"message\":\"with a forged header\"}";
        for (String injection : INJECTIONS) {
            sendRaw(port, "POST /ingest HTTP/1.1", "X-API-Key: " + key, "Idempotency-Key: order-42" + injection,
                    entry);
            sendRaw(port, "POST /ingest HTTP/1.1", "X-API-Key: " + key, "User-Agent: curl/8.5" + injection, entry);
        }
        sendRaw(port, "GET /query/\u001b[31m" + FORGED.replace(' ', '-') + " HTTP/1.1",
                "Authorization: Bearer " + key, "User-Agent: curl/8.5", null);
        // HTTP allows bytes above 0x7f in a header, and Jetty reads them as ISO-8859-1: 0x9b becomes U+009B, the C1
        // control that some terminals take as the start of an escape sequence, as ESC [ is.
        sendRaw(port, "GET /query/?service=log-injection HTTP/1.1", "X-API-Key: " + key,
                "User-Agent: curl/8.5 \u009b31m" + FORGED, null);
    }

    /**
     * A record no worker can decode, as only a broken or tampered queue holds: its level quotes the forged text back
     * in the dead letter's reason, which the server logs as an error.
     */
    private static void queueUndecodableRecord(String stream) throws IOException {
        String now = Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
        String entry = JSON.writeValueAsString(Map.of("id", UUID.randomUUID().toString(), "timestamp", now,
                "service", "log-injection", "level", COLOURED, "message", "m", "attributes", Map.of()));
        String batch = "{\"v\":2,\"tenant\":\"log-injection\",\"received_at\":\"" + now + "\",\"entries\":[" + entry
                + "]}";
        try (RedisClient redis = RedisClient.create(URI.create(REDIS_URL))) {
            redis.xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("batch", batch, "n", "1"));
        }
    }

    private static int send(int port, String method, String path, String header, String value, String json)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header(header, value);
        if (json != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Writes a request byte for byte, headers as given, and reads the answer until the server closes. */
    private static void sendRaw(int port, String requestLine, String authorization, String header, String json) {
        byte[] body = json == null ? new byte[0] : json.getBytes(UTF_8);
        String head = requestLine + "\r\nHost: localhost\r\n" + authorization + "\r\n" + header
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(ISO_8859_1));
            out.write(body);
            out.flush();
            socket.getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertEveryLineIsOneJsonObject(List<String> log) {
        for (String line : log) {
            JsonNode event;
            try {
                event = JSON.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("not one JSON object: " + line, e);
            }
            assertThat(event).as(line).isNotNull();
            assertThat(event.isObject()).as(line).isTrue();
        }
    }

    private static String message(String jsonLine) {
        try {
            return JSON.readTree(jsonLine).path("message").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Any control character but the tabs that indent a stack trace. */
    private static boolean hasControlCharacter(String line) {
        return line.chars().anyMatch(c -> c != '\t' && Character.isISOControl(c));
    }

    /** The lines of a log file, split at CR, LF and CR LF alike. */
    private static List<String> lines(Path file) throws IOException {
        return Files.readString(file, UTF_8).lines().toList();
    }

    private record Logs(List<String> application, List<String> requests, String key) {

        /** The key's secret, after {@code lp_<16 hex digits>_}, which must not appear even without the rest. */
        String secret() {
            return key.substring("lp_".length() + 16 + 1);
        }
    }
}
