package io.logpipe.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
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

    /**
     * The answer to a request whose body is streamed in chunks, with no Content-Length, and may never end. Written by
     * hand on a socket, with the answer read while the body is still being sent: a server that refuses the body
     * answers and closes, and a client that only reads once it has finished sending would lose that answer to the
     * connection reset its further sending causes.
     */
    Answer postChunked(String contentType, InputStream body) {
        return postOnSocket(out -> sendChunks(out, contentType, body));
    }

    /** As {@link #postChunked}, for a large body of known length, sent with its Content-Length. */
    Answer postLarge(String contentType, byte[] body) {
        return postOnSocket(out -> {
            try {
                out.write(("POST /ingest HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                        + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
            } catch (IOException e) {
                // The server refused the body and closed: its answer is read on the other side.
            }
        });
    }

    private Answer postOnSocket(Consumer<OutputStream> sendRequest) {
        URI uri = URI.create(baseUrl);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            Thread sender = new Thread(() -> sendRequest.accept(out), "request-sender");
            sender.setDaemon(true);
            sender.start();
            return readAnswer(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void sendChunks(OutputStream out, String contentType, InputStream body) {
        try {
            out.write(("POST /ingest HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                    + "\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[16 * 1024];
            for (int n = body.read(chunk); n > 0; n = body.read(chunk)) {
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk, 0, n);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // The server stopped reading and closed: what the test wants to see, answered on the other side.
        }
    }

    private static Answer readAnswer(InputStream in) throws IOException {
        String statusLine = readLine(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        int length = -1;
        String retryAfter = null;
        for (String header = readLine(in); !header.isEmpty(); header = readLine(in)) {
            String name = header.substring(0, header.indexOf(':')).trim();
            String value = header.substring(header.indexOf(':') + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Integer.parseInt(value);
            } else if (name.equalsIgnoreCase("Retry-After")) {
                retryAfter = value;
            }
        }
        byte[] body = length < 0 ? in.readAllBytes() : in.readNBytes(length);
        return new Answer(status, retryAfter, new String(body, StandardCharsets.UTF_8));
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection closed before the answer was complete");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
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
