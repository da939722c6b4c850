package io.logpipe.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.logpipe.bootstrap.IngestClient.Answer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ingest contract through real HTTP, against a process that only serves the API (no worker drains its queue), so
 * the queue's backlog shows exactly what each request queued. Every refusal is checked for its status, its JSON error
 * and that nothing reached the queue.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class IngestContractIT {
    private static final int MIB = 1024 * 1024;
    private static final java.nio.file.Path DATA = TestDirectories.createDeletedOnExit("logpipe-ingest-");
    private static final java.nio.file.Path CONFIG = TestConfig.write(DATA, "api");
    private static final DropwizardAppExtension<LogpipeConfiguration> APP =
            new DropwizardAppExtension<>(LogpipeApplication.class, CONFIG.toString());
    private static final String ENTRY = "{\"service\": \"checkout\", \"message\": \"order placed\"}";

    private static IngestClient client;
    private double backlogBefore;
    private double requestsBefore;

    @BeforeAll
    static void createKey() throws Exception {
        client = new IngestClient(APP.getLocalPort(), KeysCli.createKey(CONFIG, "contract", "ingest"));
    }

    @BeforeEach
    void noteTheBacklogAndTheRequestCount() {
        backlogBefore = Metrics.value(APP, "logpipe_queue_backlog_entries");
        requestsBefore = Metrics.value(APP, "logpipe_ingest_requests_total");
    }

    @Test
    void acceptsOneEntryWithoutALevelAsInfo() {
        Answer answer = client.postJson(ENTRY);

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.json().get("accepted").asInt()).isEqualTo(1);
        assertThat(answer.json().get("ids")).hasSize(1);
        assertThat(queued()).isEqualTo(1);
    }

    @Test
    void acceptsNdjsonSkippingBlankLines() {
        String body = ENTRY + "\n\n" + ENTRY + "\r\n" + ENTRY + "\n";

        Answer answer = client.post("application/x-ndjson", bytes(body));

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.json().get("accepted").asInt()).isEqualTo(3);
        assertThat(queued()).isEqualTo(3);
    }

    @Test
    void acceptsAGzipBody() {
        Answer answer = client.post("application/json", IngestClient.gzip(bytes("[" + ENTRY + "," + ENTRY + "]")),
                "Content-Encoding", "gzip");

        assertThat(answer.status()).isEqualTo(202);
        assertThat(queued()).isEqualTo(2);
    }

    @Test
    void keepsControlCharactersAndAnyUnicodeAsSent() {
        Answer answer = client.postJson("{\"service\": \"s\", \"message\": \"line\\r\\nnext\\ttab \\u001b[31mred "
                + "\\ud83d\\ude00 \u00e9\"}");

        assertThat(answer.status()).isEqualTo(202);
    }

    @Test
    void refusesMalformedJson() {
        assertRefused(client.postJson("[{\"service\": \"s\",]"), 400, "line 1, column");
    }

    @Test
    void refusesMalformedNdjsonNamingTheLine() {
        Answer answer = client.post("application/x-ndjson", bytes(ENTRY + "\n{\"service\": }\n" + ENTRY));

        assertRefused(answer, 400, "line 2");
    }

    @Test
    void refusesATruncatedGzipBody() {
        byte[] gzip = IngestClient.gzip(bytes("[" + ENTRY + "," + ENTRY + "]"));

        Answer answer = client.post("application/json", Arrays.copyOf(gzip, gzip.length - 12),
                "Content-Encoding", "gzip");

        assertRefused(answer, 400, "");
    }

    @Test
    void refusesAGzipBombOnceTheInflatedBodyPassesTheLimit() {
        // 40 MiB of spaces compress to about 40 KiB.
        byte[] bomb = IngestClient.gzip(bytes("[" + ENTRY + "," + " ".repeat(40 * MIB) + ENTRY + "]"));
        assertThat(bomb.length).isLessThan(MIB);

        assertRefused(client.post("application/json", bomb, "Content-Encoding", "gzip"), 413, "10485760 bytes");
    }

    @Test
    void refusesAnUnsupportedContentEncoding() {
        assertRefused(client.post("application/json", bytes(ENTRY), "Content-Encoding", "br"), 415, "gzip");
    }

    @Test
    void refusesMoreThan10000Entries() {
        String body = "[" + String.join(",", Collections.nCopies(10_001, ENTRY)) + "]";

        assertRefused(client.postJson(body), 413, "10000 entries");
    }

    @Test
    void refusesABodyOver10MiB() {
        String padding = "x".repeat(60_000);
        int entries = 11 * MIB / padding.length();
        String body = "[" + String.join(",", Collections.nCopies(entries,
                "{\"service\": \"s\", \"message\": \"" + padding + "\"}")) + "]";

        assertRefused(client.postLarge("application/json", bytes(body)), 413, "10485760 bytes");
    }

    @Test
    void refusesAChunkedBodyWithoutLengthOnceItPassesTheLimit() {
        Answer answer = client.postChunked("application/json", new SequenceInputStream(
                new ByteArrayInputStream(bytes("[" + ENTRY + ",")), endless("{\"service\": \"s\", \"message\": \""
                        + "y".repeat(5000) + "\"},")));

        assertRefused(answer, 413, "10485760 bytes");
    }

    @Test
    void refusesInvalidUtf8NamingThePosition() {
        byte[] body = bytes("{\"service\": \"s\", \"message\": \"bad XX\"}");
        body[body.length - 4] = (byte) 0xFF;

        assertRefused(client.post("application/json", body), 400, "UTF-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"service\": \"s\", \"message\": \"a\\ud800b\"}",
        "{\"service\": \"s\", \"message\": \"m\", \"attributes\": {\"k\": [\"\\udc00\"]}}"})
    void refusesALoneSurrogateInAValue(String body) {
        assertRefused(client.postJson(body), 422, "lone surrogate");
    }

    @Test
    void refusesALoneSurrogateInAnAttributeKey() {
        // The JSON parser itself refuses it in a name, before any entry rule could.
        assertRefused(client.postJson("{\"service\": \"s\", \"message\": \"m\", \"attributes\": {\"k\\ud800\": 1}}"),
                400, "lone surrogate");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"service\": \"s\", \"message\": \"a\\u0000b\"}",
        "{\"service\": \"s\", \"message\": \"m\", \"attributes\": {\"k\\u0000\": 1}}",
        "{\"service\": \"s\", \"message\": \"m\", \"attributes\": {\"k\": {\"deeper\": \"\\u0000\"}}}"})
    void refusesTheNulCharacterWhereverItIs(String body) {
        assertRefused(client.postJson(body), 422, "U+0000");
    }

    @Test
    void refusesNesting10000Deep() {
        String body = "{\"service\": \"s\", \"message\": \"m\", \"attributes\": "
                + "{\"a\": ".repeat(10_000) + "1" + "}".repeat(10_001);

        assertRefused(client.postJson(body), 400, "nested deeper than 16 levels");
    }

    @Test
    void answersAttributesEightLevelsDeepWithLongKeysAtOnce() {
        String key = "k".repeat(5_000);
        String body = "{\"service\": \"s\", \"message\": \"m\", \"attributes\": "
                + ("{\"" + key + "\": ").repeat(8) + "1" + "}".repeat(8) + "}";

        assertRefused(client.postJson(body), 422, "at most 16384 bytes");
    }

    @Test
    void refusesAnAttributeNestedDeeperThanEightLevels() {
        String body = "{\"service\": \"s\", \"message\": \"m\", \"attributes\": "
                + "{\"a\": ".repeat(9) + "1" + "}".repeat(9) + "}";

        assertRefused(client.postJson(body), 422, "nested deeper than 8 levels");
    }

    @Test
    void refusesANumberOf100000Digits() {
        String body = "{\"service\": \"s\", \"message\": \"m\", \"attributes\": {\"n\": " + "9".repeat(100_000) + "}}";

        assertRefused(client.postJson(body), 400, "longer than");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "yesterday", "2026-13-01T00:00:00Z"})
    void refusesTimestampsOutsideTheWindowOrUnreadable(String timestamp) {
        String body = "{\"service\": \"s\", \"message\": \"m\", \"timestamp\": \"" + timestamp + "\"}";

        assertRefused(client.postJson(body), 422, "[0].timestamp");
    }

    @Test
    void refusesAnUnknownLevel() {
        assertRefused(client.postJson("{\"service\": \"s\", \"message\": \"m\", \"level\": \"loud\"}"), 422,
                "[0].level: unknown level 'loud'");
    }

    @Test
    void refusesAMissingService() {
        assertRefused(client.postJson("{\"message\": \"m\"}"), 422, "[0].service: is required");
    }

    @Test
    void refusesAnUnknownFieldNamingIt() {
        assertRefused(client.postJson("{\"service\": \"s\", \"message\": \"m\", \"colour\": \"red\"}"), 422,
                "[0].colour: unknown field");
    }

    @Test
    void refusesATenantInTheBody() {
        assertRefused(client.postJson("{\"service\": \"s\", \"message\": \"m\", \"tenant_id\": \"other\"}"), 422,
                "[0].tenant_id: unknown field; the tenant is always the API key's");
    }

    @Test
    void refusesAWrongContentType() {
        assertRefused(client.post("text/plain", bytes(ENTRY)), 415, "");
    }

    @Test
    void reportsABlankServiceAndABadLevelOfOneEntryTogether() {
        Answer answer = client.postJson("{\"service\": \" \", \"message\": \"m\", \"level\": \"loud\"}");

        assertRefused(answer, 422, "[0].service: must not be blank");
        assertThat(answer.errors()).contains("[0].level: unknown level");
    }

    @Test
    void reportsEveryProblemOfEveryNdjsonLine() {
        String body = "{\"service\": \"s\", \"message\": \"fine\"}\n{\"message\": \"m\"}\n\n{\"service\": \"s\"}\n";

        Answer answer = client.post("application/x-ndjson", bytes(body));

        assertRefused(answer, 422, "line 2.service: is required");
        assertThat(answer.errors()).contains("line 4.message: is required");
    }

    @Test
    void answersTheSameIdsToARetryWithTheSameIdempotencyKeyAndQueuesOnce() {
        String key = "retry-" + UUID.randomUUID();
        String body = "[" + ENTRY + ",{\"service\": \"s\", \"message\": \"two\", \"id\": \"" + UUID.randomUUID()
                + "\", \"timestamp\": \"" + Instant.now() + "\"}]";

        Answer first = client.postJson(body, "Idempotency-Key", key);
        Answer retry = client.postJson(body, "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(202);
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(queued()).isEqualTo(2);
    }

    @Test
    void refusesTheSameIdempotencyKeyWithAnotherBody() {
        String key = "reuse-" + UUID.randomUUID();
        assertThat(client.postJson(ENTRY, "Idempotency-Key", key).status()).isEqualTo(202);
        backlogBefore = Metrics.value(APP, "logpipe_queue_backlog_entries");

        Answer answer = client.postJson("[" + ENTRY + "," + ENTRY + "]", "Idempotency-Key", key);

        assertRefused(answer, 422, "Idempotency-Key: already used with a different body");
    }

    @Test
    void refusesAnIdempotencyKeyThatIsTooLong() {
        assertRefused(client.postJson(ENTRY, "Idempotency-Key", "k".repeat(129)), 400, "Idempotency-Key");
    }

    /** The filter counts a request once the answer is written, so the count may trail the client by a moment. */
    @AfterEach
    void countsEveryRequestByStatus() {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(Metrics.value(APP, "logpipe_ingest_requests_total")).isGreaterThan(requestsBefore));
    }

    private void assertRefused(Answer answer, int status, String errorText) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.json().get("code").asInt()).isEqualTo(status);
        assertThat(answer.json().get("message").asText()).isNotBlank();
        assertThat(answer.errors()).contains(errorText);
        assertThat(queued()).as("entries queued by a refused request").isZero();
    }

    private double queued() {
        return Metrics.value(APP, "logpipe_queue_backlog_entries") - backlogBefore;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A body that never ends: {@code chunk} again and again. */
    private static InputStream endless(String chunk) {
        byte[] bytes = bytes(chunk);
        return new InputStream() {
            private int position;

            @Override
            public int read() {
                int b = bytes[position];
                position = (position + 1) % bytes.length;
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                for (int i = 0; i < length; i++) {
                    buffer[offset + i] = (byte) read();
                }
                return length;
            }
        };
    }
}
