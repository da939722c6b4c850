package io.logpipe.http;

import static io.logpipe.http.HttpAdapterFixture.INGEST_KEY;
import static io.logpipe.http.HttpAdapterFixture.QUERY_KEY;
import static io.logpipe.http.HttpAdapterFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.logpipe.domain.QueryTimeoutException;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests the resources never see, or that fail in ways no client should learn the details of. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ErrorResponsesTest {
    private final HttpAdapterFixture fixture = new HttpAdapterFixture();
    private final ResourceExtension resources = fixture.resources;

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"service\": }", "[{\"service\": \"s\",]", "not json", "{\"a\": 1} trailing",
            "[{\"service\": \"s\", \"level\": \"info\", \"message\": \"m\"}", "[{\"service\": \"s\"} {}]"})
    void answersMalformedJsonWith400AndNoInternals(String body) {
        Response response = post(body, MediaType.APPLICATION_JSON);

        JsonNode error = assertJsonError(response, 400);
        assertThat(error.get("errors").get(0).asText()).startsWith("malformed JSON");
        assertThat(fixture.queue.enqueued()).isEmpty();
    }

    @Test
    void answersAWrongJsonTypeWith422NamingTheField() {
        Response response = post("[{\"service\": \"s\", \"level\": \"info\", \"message\": \"m\"},"
                + " {\"service\": {\"name\": \"s\"}, \"level\": \"info\", \"message\": \"m\"}]",
                MediaType.APPLICATION_JSON);

        JsonNode error = assertJsonError(response, 422);
        assertThat(error.get("errors").get(0).asText()).isEqualTo("[1].service: must be a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"12", "true", "1.5"})
    void answersAScalarWhereAStringBelongsWith422InsteadOfConvertingIt(String message) {
        Response response = post("{\"service\": \"s\", \"level\": \"info\", \"message\": " + message + "}",
                MediaType.APPLICATION_JSON);

        JsonNode error = assertJsonError(response, 422);
        assertThat(error.get("errors").get(0).asText()).isEqualTo("[0].message: must be a string");
        assertThat(fixture.queue.enqueued()).isEmpty();
    }

    @Test
    void namesTheFieldOfALoneEntryAsEntryZero() {
        Response response = post("{\"service\": \"s\", \"level\": \"info\", \"message\": [\"m\"]}",
                MediaType.APPLICATION_JSON);

        JsonNode error = assertJsonError(response, 422);
        assertThat(error.get("errors").get(0).asText()).isEqualTo("[0].message: must be a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "\"entry\"", "true", "null"})
    void answersABodyThatIsNeitherObjectNorArrayWith400(String body) {
        Response response = post(body, MediaType.APPLICATION_JSON);

        JsonNode error = assertJsonError(response, 400);
        assertThat(error.get("message").asText()).contains("not a log entry");
        assertThat(error.get("errors").get(0).asText()).contains("NDJSON");
    }

    @Test
    void answersAnArrayOfNonObjectsWith422NamingEachIndex() {
        Response response = post("[42, {\"service\": \"s\", \"message\": \"m\"}, [1]]", MediaType.APPLICATION_JSON);

        JsonNode error = assertJsonError(response, 422);
        assertThat(error.get("errors")).extracting(JsonNode::asText)
                .containsExactly("[0]: must be a log entry object", "[2]: must be a log entry object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "\n"})
    void answersAnEmptyBodyWith400(String body) {
        Response response = post(body, MediaType.APPLICATION_JSON);

        JsonNode error = assertJsonError(response, 400);
        assertThat(error.get("message").asText()).contains("body is empty");
    }

    @Test
    void answersAWrongContentTypeWith415() {
        Response response = post("{\"service\": \"s\", \"level\": \"info\", \"message\": \"m\"}", MediaType.TEXT_PLAIN);

        JsonNode error = assertJsonError(response, 415);
        assertThat(error.get("errors").get(0).asText()).contains("application/json", "application/x-ndjson");
    }

    @Test
    void answersAnUnknownPathWith404() {
        Response response = fixture.as(INGEST_KEY, "/nowhere").get();

        assertJsonError(response, 404);
    }

    @Test
    void answersAWrongMethodWith405AndTheAllowedOnes() {
        Response response = fixture.as(INGEST_KEY, "/ingest").get();

        assertJsonError(response, 405);
        assertThat(response.getHeaderString("Allow")).contains("POST");
    }

    @Test
    void answersAnUnacceptableMediaTypeWith406InJson() {
        Response response = fixture.as(INGEST_KEY, "/query").accept(MediaType.TEXT_HTML).get();

        assertJsonError(response, 406);
    }

    @Test
    void answersAnUnexpectedFailureWith500AndAnErrorIdButNoDetails() {
        fixture.queue.failEnqueuesWith(new IllegalStateException("secret detail: connection pool exhausted"));

        Response response = post("{\"service\": \"s\", \"level\": \"info\", \"message\": \"m\"}",
                MediaType.APPLICATION_JSON);

        JsonNode error = assertJsonError(response, 500);
        assertThat(error.get("message").asText()).matches("internal server error; .* error [0-9a-f]{16}");
        assertThat(error.toString()).doesNotContain("secret detail");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/query", "/query/histogram"})
    void answersAQueryThatRanTooLongWith503RetryAfterAndWhatHelps(String path) {
        fixture.store.failQueriesWith(new QueryTimeoutException(Duration.ofSeconds(10), null));

        Response response = fixture.as(QUERY_KEY, path).get();

        JsonNode error = assertJsonError(response, 503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(error.get("message").asText()).isEqualTo(
                "the query ran longer than 10000 ms and was cancelled; narrow the time range or add filters");
    }

    @Test
    void answersAnUnknownQueryParameterWith400InJson() {
        JsonNode error = assertJsonError(fixture.as(QUERY_KEY, "/query?colour=red").get(), 400);

        assertThat(error.get("errors").get(0).asText()).startsWith("colour: unknown parameter");
    }

    @Test
    void answersAMalformedQueryBodyWith400AndNoInternals() {
        JsonNode error = assertJsonError(fixture.as(QUERY_KEY, "/query").post(Entity.json("{\"q\": ")), 400);

        assertThat(error.get("errors").get(0).asText()).startsWith("malformed JSON");
    }

    @Test
    void answersAStoreOutageDuringAQueryWith503() {
        fixture.store.setUnavailable(true);

        Response response = fixture.as(QUERY_KEY, "/query").get();

        assertJsonError(response, 503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
    }

    private Response post(String body, String mediaType) {
        return fixture.as(INGEST_KEY, "/ingest").post(Entity.entity(body, mediaType));
    }

    /** Checks the shape every error shares, and that it leaks no Java or library internals. */
    private static JsonNode assertJsonError(Response response, int status) {
        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(response.getMediaType()).isNotNull();
        assertThat(response.getMediaType().isCompatible(MediaType.APPLICATION_JSON_TYPE)).isTrue();
        JsonNode error = json(response);
        assertThat(error.get("code").asInt()).isEqualTo(status);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("errors").isArray()).isTrue();
        assertThat(error.toString()).doesNotContain("io.logpipe", "java.", "com.fasterxml", "Exception", "\tat ");
        return error;
    }
}
