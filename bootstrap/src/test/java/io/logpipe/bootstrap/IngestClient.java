package io.logpipe.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * Sends ingest requests byte for byte as a client would, through the JDK's HTTP client: exact bodies, any
 * Content-Type and Content-Encoding, and chunked bodies without a Content-Length.
 */
final class IngestClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String key;

    IngestClient(int port, String key) {
        this.baseUrl = "http://localhost:" + port;
        this.key = key;
    }

    /** The answer to a request with a plain body. */
    Answer post(String contentType, byte[] body, String... headers) {
        return send(request(contentType, headers).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    Answer postJson(String body, String... headers) {
        return post("application/json", body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** The answer to a request whose body is streamed in chunks, with no Content-Length. */
    Answer postChunked(String contentType, Supplier<InputStream> body) {
        return send(request(contentType).POST(HttpRequest.BodyPublishers.ofInputStream(body)));
    }

    static byte[] gzip(byte[] body) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compressed.toByteArray();
    }

    private HttpRequest.Builder request(String contentType, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + "/ingest"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", contentType);
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the server answered. */
    record Answer(int status, String retryAfter, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        /** Every line of the error body's {@code errors}, joined, for assertions on their text. */
        String errors() {
            return json().get("errors").toString();
        }
    }
}
