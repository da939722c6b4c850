package io.logpipe.http;

import static io.logpipe.http.HttpAdapterFixture.ALL_ROLES_KEY;
import static io.logpipe.http.HttpAdapterFixture.INGEST_KEY;
import static io.logpipe.http.HttpAdapterFixture.NOW;
import static io.logpipe.http.HttpAdapterFixture.QUERY_KEY;
import static io.logpipe.http.HttpAdapterFixture.TENANT;
import static io.logpipe.http.HttpAdapterFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.QueueUnavailableException;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(DropwizardExtensionsSupport.class)
class IngestResourceTest {
    private final HttpAdapterFixture fixture = new HttpAdapterFixture();
    private final ResourceExtension resources = fixture.resources;

    @Test
    void acceptsOneEntryObjectAndAnswersItsId() {
        Response response = post("/ingest", """
                {"service": "checkout", "level": "info", "message": "order placed"}""");

        assertThat(response.getStatus()).isEqualTo(202);
        JsonNode body = json(response);
        assertThat(body.get("accepted").asInt()).isEqualTo(1);
        assertThat(body.get("ids")).hasSize(1);
        LogEntry queued = fixture.queue.enqueued().get(0);
        assertThat(body.get("ids").get(0).asText()).isEqualTo(queued.id().toString());
        assertThat(queued.service()).isEqualTo("checkout");
        assertThat(queued.level()).isEqualTo(Level.INFO);
        assertThat(queued.timestamp()).isEqualTo(NOW);
    }

    @Test
    void acceptsAnArrayOfEntriesAndAnswersTheirIdsInOrder() {
        Response response = post("/ingest", """
                [{"service": "a", "level": "debug", "message": "one"},
                 {"service": "b", "level": "WARNING", "message": "two"},
                 {"service": "c", "level": "Error", "message": ""}]""");

        assertThat(response.getStatus()).isEqualTo(202);
        JsonNode body = json(response);
        assertThat(body.get("accepted").asInt()).isEqualTo(3);
        List<String> queuedIds = fixture.queue.enqueued().stream().map(entry -> entry.id().toString()).toList();
        assertThat(texts(body.get("ids"))).isEqualTo(queuedIds);
        assertThat(fixture.queue.enqueued()).extracting(LogEntry::level)
                .containsExactly(Level.DEBUG, Level.WARN, Level.ERROR);
    }

    @Test
    void keepsTheIdAndTimestampTheClientGave() {
        UUID id = UUID.fromString("0192f0c4-7b1e-7c3a-9d2e-4f5a6b7c8d9e");
        Response response = post("/ingest", """
                {"id": "%s", "timestamp": "2026-11-26T18:00:00.123456+01:00",
                 "service": "checkout", "level": "info", "message": "m"}""".formatted(id));

        assertThat(response.getStatus()).isEqualTo(202);
        assertThat(json(response).get("ids").get(0).asText()).isEqualTo(id.toString());
        LogEntry queued = fixture.queue.enqueued().get(0);
        assertThat(queued.id()).isEqualTo(id);
        assertThat(queued.timestamp()).isEqualTo(Instant.parse("2026-11-26T17:00:00.123456Z"));
    }

    @Test
    void keepsOptionalFieldsAndNestedAttributes() {
        post("/ingest", """
                {"service": "s", "level": "info", "message": "m", "trace_id": "t1", "span_id": "s1", "host": "web-1",
                 "attributes": {"user": {"id": 42, "tags": ["a", null]}, "ok": true, "ratio": 0.5}}""");

        LogEntry queued = fixture.queue.enqueued().get(0);
        assertThat(queued.traceId()).isEqualTo("t1");
        assertThat(queued.spanId()).isEqualTo("s1");
        assertThat(queued.host()).isEqualTo("web-1");
        assertThat(queued.attributes().json()).isEqualTo("{\"user\":{\"id\":42,\"tags\":[\"a\",null]},\"ok\":true,\"ratio\":0.5}");
    }

    @Test
    void storesEntriesUnderTheTenantOfTheKey() {
        post("/ingest", """
                {"service": "s", "level": "info", "message": "m"}""");

        assertThat(fixture.queue.enqueued()).extracting(LogEntry::tenant).containsExactly(TENANT);
    }

    @Test
    void acceptsThePathWithATrailingSlash() {
        Response response = post("/ingest/", """
                {"service": "s", "level": "info", "message": "m"}""");

        assertThat(response.getStatus()).isEqualTo(202);
        assertThat(fixture.queue.enqueued()).hasSize(1);
    }

    @Test
    void acceptsAKeyHoldingIngestAmongOtherRoles() {
        Response response = fixture.as(ALL_ROLES_KEY, "/ingest")
                .post(Entity.json("{\"service\": \"s\", \"level\": \"info\", \"message\": \"m\"}"));

        assertThat(response.getStatus()).isEqualTo(202);
    }

    @Test
    void refusesAKeyWithoutTheIngestRole() {
        Response response = fixture.as(QUERY_KEY, "/ingest")
                .post(Entity.json("{\"service\": \"s\", \"level\": \"info\", \"message\": \"m\"}"));

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(json(response).get("errors").toString()).contains("'ingest' role");
        assertThat(fixture.queue.enqueued()).isEmpty();
    }

    @Test
    void refusesAKeyWithoutTheIngestRoleBeforeLookingAtTheBody() {
        Response response = fixture.as(QUERY_KEY, "/ingest").post(Entity.json("{\"level\": \"loud\"}"));

        assertThat(response.getStatus()).isEqualTo(403);
    }

    @Test
    void rejectsAnUnknownLevelNamingTheEntryAndQueuesNothing() {
        Response response = post("/ingest", """
                [{"service": "s", "level": "info", "message": "fine"},
                 {"service": "s", "level": "loud", "message": "bad"}]""");

        assertUnprocessable(response, "[1].level: unknown level 'loud'");
    }

    @Test
    void rejectsABlankService() {
        Response response = post("/ingest", """
                {"service": "  ", "level": "info", "message": "m"}""");

        assertUnprocessable(response, "[0].service: must not be blank");
    }

    @Test
    void rejectsAMissingMessage() {
        Response response = post("/ingest", """
                [{"service": "s", "level": "info", "message": "m"}, {"service": "s", "level": "info"}]""");

        assertUnprocessable(response, "[1].message: is required");
    }

    @Test
    void rejectsAServiceNameLongerThan256Characters() {
        Response response = post("/ingest", """
                {"service": "%s", "level": "info", "message": "m"}""".formatted("s".repeat(257)));

        assertUnprocessable(response, "[0].service: must be at most 256 characters");
    }

    @Test
    void namesOptionalFieldsInSnakeCaseWhenTheyAreTooLong() {
        Response response = post("/ingest", """
                {"service": "s", "level": "info", "message": "m", "trace_id": "%s"}""".formatted("t".repeat(257)));

        assertUnprocessable(response, "[0].trace_id: must be at most 256 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-11-26", "2026-11-26T18:00:00", "2026-11-26T18:00Z",
            "2026-11-26T18:00:00 Europe/Paris"})
    void rejectsATimestampThatIsNotRfc3339WithAnOffset(String timestamp) {
        Response response = post("/ingest", """
                {"timestamp": "%s", "service": "s", "level": "info", "message": "m"}""".formatted(timestamp));

        assertUnprocessable(response, "[0].timestamp: must be an RFC 3339 date-time");
    }

    @Test
    void rejectsATimestampOutsideTheAcceptedWindow() {
        Response response = post("/ingest", """
                {"timestamp": "2020-01-01T00:00:00Z", "service": "s", "level": "info", "message": "m"}""");

        assertUnprocessable(response, "[0].timestamp: older than");
    }

    @Test
    void rejectsAnIdThatIsNotAUuid() {
        Response response = post("/ingest", """
                {"id": "1-2-3-4-5", "service": "s", "level": "info", "message": "m"}""");

        assertUnprocessable(response, "[0].id: must be a UUID");
    }

    @ParameterizedTest
    @ValueSource(strings = {"user_id", "unknownFields", "receivedAt"})
    void rejectsAnUnknownFieldSuggestingAttributes(String field) {
        Response response = post("/ingest", """
                {"service": "s", "level": "info", "message": "m", "%s": 42}""".formatted(field));

        assertUnprocessable(response, "[0]." + field + ": unknown field; put custom fields inside 'attributes'");
    }

    @Test
    void suggestsTheSnakeCaseNameForACamelCaseField() {
        Response response = post("/ingest", """
                {"service": "s", "level": "info", "message": "m", "traceId": "t"}""");

        assertUnprocessable(response, "[0].traceId: unknown field; did you mean 'trace_id'?");
    }

    @Test
    void rejectsATenantSentInTheBody() {
        Response response = post("/ingest", """
                {"service": "s", "level": "info", "message": "m", "tenant": "someone-else"}""");

        assertUnprocessable(response, "[0].tenant: unknown field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"text\"", "[1, 2]", "42", "true"})
    void rejectsAttributesThatAreNotAnObject(String attributes) {
        Response response = post("/ingest", """
                {"service": "s", "level": "info", "message": "m", "attributes": %s}""".formatted(attributes));

        assertUnprocessable(response, "[0].attributes: must be a JSON object");
    }

    @Test
    void acceptsNullAttributesAsNone() {
        Response response = post("/ingest", """
                {"service": "s", "level": "info", "message": "m", "attributes": null}""");

        assertThat(response.getStatus()).isEqualTo(202);
        assertThat(fixture.queue.enqueued().get(0).attributes().isEmpty()).isTrue();
    }

    @Test
    void reportsEveryProblemOfEveryEntryAtOnce() {
        Response response = post("/ingest", """
                [{"service": "s", "level": "nope", "message": "m", "timestamp": "soon"},
                 {"service": "s", "level": "info", "message": "m", "extra": 1}]""");

        JsonNode body = assertUnprocessable(response, "[0].level");
        assertThat(texts(body.get("errors"))).anyMatch(error -> error.startsWith("[0].timestamp"))
                .anyMatch(error -> error.startsWith("[1].extra"));
    }

    @Test
    void rejectsTheNulCharacterWhichTheStoreCannotHold() {
        Response response = post("/ingest", """
                {"service": "s", "level": "info", "message": "before\\u0000after"}""");

        assertUnprocessable(response, "[0].message: must not contain the NUL character");
    }

    @Test
    void rejectsTheNulCharacterDeepInsideAttributes() {
        Response response = post("/ingest", """
                {"service": "s", "level": "info", "message": "m", "attributes": {"user": {"names": ["a", "\\u0000"]}}}""");

        assertUnprocessable(response, "[0].attributes.user.names[1]: must not contain the NUL character");
    }

    @Test
    void listsTheFirstHundredProblemsAndCountsTheRestWhateverTheBodyHolds() {
        StringBuilder attributes = new StringBuilder("{");
        for (int i = 0; i < 1_000; i++) {
            attributes.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": \"\\u0000\"");
        }
        Response response = post("/ingest", """
                [{"service": "s", "message": "m", "attributes": %s}, {"message": "no service"}]"""
                .formatted(attributes.append('}')));

        JsonNode body = assertUnprocessable(response, "[0].attributes.k0: must not contain the NUL character");
        List<String> errors = texts(body.get("errors"));
        assertThat(errors).hasSize(101);
        assertThat(errors.get(100)).isEqualTo("... and 901 more problems");
    }

    @Test
    void rejectsAnAttributeNumberTooLargeToStore() {
        Response response = post("/ingest", """
                {"service": "s", "level": "info", "message": "m", "attributes": {"huge": 1e1001}}""");

        assertUnprocessable(response, "[0].attributes.huge: number is out of range");
    }

    @Test
    void rejectsANullEntryInTheArray() {
        Response response = post("/ingest", """
                [{"service": "s", "level": "info", "message": "m"}, null]""");

        assertUnprocessable(response, "[1]: must be a log entry object");
    }

    @Test
    void rejectsAnEmptyArray() {
        Response response = post("/ingest", "[]");

        assertUnprocessable(response, "the request holds no log entries");
    }

    @Test
    void answers503WithRetryAfterWhenTheQueueFails() {
        fixture.queue.failEnqueuesWith(new QueueUnavailableException("redis://10.0.0.7 refused", null));

        Response response = post("/ingest", """
                {"service": "s", "level": "info", "message": "m"}""");

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
        JsonNode body = json(response);
        assertThat(body.get("code").asInt()).isEqualTo(503);
        assertThat(body.get("errors").isArray()).isTrue();
        assertThat(body.toString()).doesNotContain("10.0.0.7");
    }

    private Response post(String path, String body) {
        return fixture.as(INGEST_KEY, path).post(Entity.json(body));
    }

    private JsonNode assertUnprocessable(Response response, String expectedErrorStart) {
        assertThat(response.getStatus()).isEqualTo(422);
        assertThat(response.getMediaType().toString()).startsWith("application/json");
        JsonNode body = json(response);
        assertThat(body.get("code").asInt()).isEqualTo(422);
        assertThat(texts(body.get("errors"))).anyMatch(error -> error.startsWith(expectedErrorStart));
        assertThat(fixture.queue.enqueued()).isEmpty();
        return body;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }

    private static List<Object> listOf(Object... values) {
        List<Object> list = new ArrayList<>();
        java.util.Collections.addAll(list, values);
        return list;
    }
}
