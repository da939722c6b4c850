package io.logpipe.http;

import static io.logpipe.http.HttpAdapterFixture.INGEST_KEY;
import static io.logpipe.http.HttpAdapterFixture.QUERY_KEY;
import static io.logpipe.http.HttpAdapterFixture.errors;
import static io.logpipe.http.HttpAdapterFixture.json;
import static io.logpipe.http.HttpAdapterFixture.messages;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.logpipe.domain.AttributeMatch;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogQuery;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /query}: the same search as the URL parameters, as a JSON body. */
@ExtendWith(DropwizardExtensionsSupport.class)
class QueryBodyTest {
    private final HttpAdapterFixture fixture = new HttpAdapterFixture();
    private final ResourceExtension resources = fixture.resources;

    @Test
    void readsTheSameSearchAsTheEquivalentUrlParameters() {
        fixture.as(QUERY_KEY, "/query?from=2026-11-26T00:00:00Z&to=1795716000000&service=checkout&service=billing"
                + "&level=warn&level=error&min_level=warn&host=web-1&trace_id=t-42&q=payment%20%22card%20declined%22"
                + "&order=asc&limit=10").get();

        Response response = post("""
                {"from": "2026-11-26T00:00:00Z", "to": 1795716000000, "service": ["checkout", "billing"],
                 "level": ["warn", "error"], "min_level": "warn", "host": "web-1", "trace_id": "t-42",
                 "q": "payment \\"card declined\\"", "order": "asc", "limit": 10}""");

        assertThat(response.getStatus()).isEqualTo(200);
        List<LogQuery> queries = fixture.store.queries();
        assertThat(queries).hasSize(2);
        assertThat(queries.get(1)).isEqualTo(queries.get(0));
    }

    @Test
    void answersThePageAsGetDoes() {
        fixture.given(StoredEntry.at("17:10:00").service("checkout").message("checkout"),
                StoredEntry.at("17:20:00").service("billing").message("billing"));

        Response response = post("{\"service\": \"checkout\"}");

        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(messages(body)).containsExactly("checkout");
        assertThat(body.get("next_cursor").isNull()).isTrue();
    }

    @Test
    void takesLimitAndTimesAsStringsToo() {
        post("{\"from\": \"1795680000000\", \"limit\": \"7\"}");

        LogQuery query = fixture.store.queries().get(0);
        assertThat(query.filter().range().from()).isEqualTo(Instant.parse("2026-11-26T08:00:00Z"));
        assertThat(query.limit()).isEqualTo(7);
    }

    @Test
    void treatsNullsAndBlanksAsAbsent() {
        post("{\"service\": null, \"level\": [\"\", \" \"], \"q\": \"\", \"attributes\": null, \"cursor\": null}");

        LogQuery query = fixture.store.queries().get(0);
        assertThat(query.filter().services()).isEmpty();
        assertThat(query.filter().levels()).isEmpty();
        assertThat(query.filter().text()).isNull();
        assertThat(query.filter().attributes()).isEmpty();
    }

    @Test
    void flattensNestedAttributesIntoDottedPathsKeepingTheirJsonTypes() {
        post("""
                {"attributes": {"http": {"status": 500, "method": "POST"}, "user.id": 7, "retry": false,
                 "parent": null, "tags": ["a", 1]}}""");

        assertThat(fixture.store.queries().get(0).filter().attributes()).containsExactlyInAnyOrder(
                new AttributeMatch(List.of("http", "status"), List.of("500")),
                new AttributeMatch(List.of("http", "method"), List.of("\"POST\"")),
                new AttributeMatch(List.of("user", "id"), List.of("7")),
                new AttributeMatch(List.of("retry"), List.of("false")),
                new AttributeMatch(List.of("parent"), List.of("null")),
                new AttributeMatch(List.of("tags"), List.of("[\"a\",1]")));
    }

    @Test
    void matchesANumberOnlyAsANumber() {
        fixture.given(StoredEntry.at("17:10:00").attributes("{\"http\": {\"status\": 500}}").message("number"),
                StoredEntry.at("17:20:00").attributes("{\"http\": {\"status\": \"500\"}}").message("string"));

        assertThat(messages(json(post("{\"attributes\": {\"http\": {\"status\": 500}}}")))).containsExactly("number");
        assertThat(messages(json(post("{\"attributes\": {\"http.status\": \"500\"}}")))).containsExactly("string");
    }

    @Test
    void matchesAnArrayThatHoldsEveryElementGiven() {
        fixture.given(StoredEntry.at("17:10:00").attributes("{\"tags\": [\"eu\", \"prod\", \"web\"]}").message("all"),
                StoredEntry.at("17:20:00").attributes("{\"tags\": [\"eu\", \"staging\"]}").message("some"));

        assertThat(messages(json(post("{\"attributes\": {\"tags\": [\"prod\", \"eu\"]}}")))).containsExactly("all");
    }

    @Test
    void keepsTheDigitsOfANumberAsSent() {
        post("{\"attributes\": {\"amount\": 0.10000000000000000001}}");

        assertThat(fixture.store.queries().get(0).filter().attributes())
                .containsExactly(new AttributeMatch(List.of("amount"), List.of("0.10000000000000000001")));
    }

    @Test
    void rejectsUnknownFieldsWith400NamingEach() {
        Response response = post("{\"tenant\": \"globex\", \"services\": [\"a\"], \"limit\": 5}");

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(errors(json(response))).hasSize(2)
                .anyMatch(error -> error.startsWith("tenant: unknown field"))
                .anyMatch(error -> error.startsWith("services: unknown field"));
        assertThat(fixture.store.queries()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "not json", "{\"q\": }", "{} {}", "[]", "\"q\"", "{\"q\": \"a\", \"q\": \"b\"}"})
    void rejectsABodyThatIsNotOneJsonObjectWith400(String body) {
        Response response = post(body);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(json(response).get("message").asText()).contains("not a JSON object");
        assertThat(fixture.store.queries()).isEmpty();
    }

    @Test
    void rejectsAnEmptyBodyWith400() {
        Response response = post("");

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(errors(json(response)).get(0)).startsWith("the request body is empty");
    }

    @Test
    void namesEveryValueOfTheWrongTypeAtOnce() {
        Response response = post("""
                {"service": 5, "level": ["warn", 1], "limit": true, "q": ["x"], "from": false,
                 "attributes": [1], "interval": "1m"}""");

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(errors(json(response))).singleElement().asString().startsWith("interval: unknown field");

        Response typed = post("""
                {"service": 5, "level": ["warn", 1], "limit": true, "q": ["x"], "from": false, "attributes": [1]}""");

        assertThat(typed.getStatus()).isEqualTo(422);
        assertThat(errors(json(typed))).containsExactlyInAnyOrder(
                "service: must be a string or an array of strings",
                "level[1]: must be a string",
                "limit: must be a whole number from 1 to 1000",
                "q: must be a string",
                "from: must be an RFC 3339 string or a number of milliseconds since 1970",
                "attributes: must be an object such as {\"http\": {\"status\": 500}}");
    }

    @Test
    void namesEveryBadValueAtOnce() {
        Response response = post("""
                {"level": "loud", "limit": 0, "order": "up", "q": "\\"open", "to": "never"}""");

        assertThat(response.getStatus()).isEqualTo(422);
        assertThat(errors(json(response))).hasSize(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"\": 1}",
        "{\"http..status\": 1}",
        "{\"http\": {\"\": 1}}",
        "{\"a\": {\"b\": {\"c\": {\"d\": {\"e\": {\"f\": {\"g\": {\"h\": {\"i\": 1}}}}}}}}}",
        "{\"a.b.c.d\": {\"e.f.g.h.i\": 1}}",
        "{\"http\": {}}",
        "{\"big\": 1e100000}",
        "{\"nul\": \"a\\u0000b\"}",
        "{\"lone\": \"\\ud800\"}"})
    void rejectsAttributesNoStoredEntryCouldHave(String attributes) {
        Response response = post("{\"attributes\": " + attributes + "}");

        assertThat(response.getStatus()).isEqualTo(422);
        assertThat(errors(json(response))).singleElement().asString().startsWith("attributes");
        assertThat(fixture.store.queries()).isEmpty();
    }

    @Test
    void rejectsABodyOfAnotherContentTypeWith415() {
        Response response = fixture.as(QUERY_KEY, "/query").post(Entity.entity("service=checkout",
                MediaType.APPLICATION_FORM_URLENCODED));

        assertThat(response.getStatus()).isEqualTo(415);
        assertThat(errors(json(response))).containsExactly("send Content-Type: application/json");
    }

    @Test
    void rejectsABodyLargerThanTheLimitWith413() {
        Response response = post("{\"q\": \"" + "x".repeat((int) QueryBody.MAX_BODY_BYTES) + "\"}");

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(fixture.store.queries()).isEmpty();
    }

    @Test
    void refusesAKeyWithoutTheQueryRole() {
        Response response = fixture.as(INGEST_KEY, "/query").post(Entity.json("{}"));

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(fixture.store.queries()).isEmpty();
    }

    @Test
    void continuesAPageWithTheCursorFromTheBody() {
        fixture.given(StoredEntry.at("17:10:00").level(Level.ERROR).message("older"),
                StoredEntry.at("17:20:00").level(Level.ERROR).message("newer"));
        String cursor = json(post("{\"level\": \"error\", \"limit\": 1}")).get("next_cursor").asText();

        JsonNode second = json(post("{\"level\": \"error\", \"limit\": 1, \"cursor\": \"" + cursor + "\"}"));
        Response otherFilters = post("{\"limit\": 1, \"cursor\": \"" + cursor + "\"}");

        assertThat(messages(second)).containsExactly("older");
        assertThat(otherFilters.getStatus()).isEqualTo(400);
    }

    private Response post(String body) {
        return fixture.as(QUERY_KEY, "/query").post(Entity.json(body));
    }
}
