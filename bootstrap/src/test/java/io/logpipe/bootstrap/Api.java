package io.logpipe.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A client of logpipe's HTTP API for the security tests: any method, path, headers and body, the answer as status,
 * headers and body. {@link #fromAddress} sends from another loopback address, as a second client machine would.
 */
final class Api {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final int port;

    Api(DropwizardAppExtension<?> app) {
        this.port = app.getLocalPort();
    }

    Reply get(String path, String key) {
        return send("GET", path, key, null);
    }

    Reply post(String path, String key, String json) {
        return send("POST", path, key, json);
    }

    Reply put(String path, String key, String json) {
        return send("PUT", path, key, json);
    }

    Reply delete(String path, String key) {
        return send("DELETE", path, key, null);
    }

    /** {@code key} is sent as a Bearer token unless null; {@code headers} are added as they are. */
    Reply send(String method, String path, String key, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> replyHeaders = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) ->
                    replyHeaders.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            return new Reply(response.statusCode(), response.body(), replyHeaders);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A bodiless request sent by hand from {@code localAddress}, such as 127.0.0.2, so the server sees another client
     * address than the JDK client's 127.0.0.1.
     */
    Reply fromAddress(String localAddress, String method, String path, String key) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            socket.setSoTimeout(30_000);
            String request = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + (key == null ? "" : "Authorization: Bearer " + key + "\r\n")
                    + (method.equals("POST") ? "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
                            : "\r\n");
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String answer = readAll(socket.getInputStream());
            int status = Integer.parseInt(answer.substring(9, 12));
            Map<String, String> headers = new LinkedHashMap<>();
            int bodyStart = answer.indexOf("\r\n\r\n");
            answer.substring(answer.indexOf("\r\n") + 2, bodyStart).lines().forEach(line -> {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            });
            return new Reply(status, answer.substring(bodyStart + 4), headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** An answer. */
    record Reply(int status, String body, Map<String, String> headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
