package io.logpipe.http;

import static io.logpipe.http.HttpAdapterFixture.INGEST_KEY;
import static io.logpipe.http.HttpAdapterFixture.NOW;
import static io.logpipe.http.HttpAdapterFixture.OTHER_TENANT;
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
import io.logpipe.domain.LogFilter;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.SortOrder;
import io.logpipe.domain.TextSearch;
import io.logpipe.domain.TimeRange;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /query}: every parameter, as a client types it in a URL. */
@ExtendWith(DropwizardExtensionsSupport.class)
class QueryResourceTest {
    private final HttpAdapterFixture fixture = new HttpAdapterFixture();
    private final ResourceExtension resources = fixture.resources;

    @Test
    void answersEntriesWithSnakeCaseFieldsAndUtcTimestamps() {
        fixture.given(StoredEntry.at("17:00:00.123456").service("checkout").level(Level.ERROR)
                .message("payment declined").attributes("{\"order\": 7}").traceId("trace-1"));

        Response response = fixture.as(QUERY_KEY, "/query").get();

        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(fieldNames(body)).containsExactlyInAnyOrder("entries", "next_cursor");
        JsonNode entry = body.get("entries").get(0);
        assertThat(fieldNames(entry)).containsExactlyInAnyOrder("id", "timestamp", "received_at", "service", "level",
                "message", "attributes", "trace_id", "span_id", "host");
        assertThat(entry.get("timestamp").asText()).isEqualTo("2026-11-26T17:00:00.123456Z");
        assertThat(entry.get("service").asText()).isEqualTo("checkout");
        assertThat(entry.get("level").asText()).isEqualTo("error");
        assertThat(entry.get("message").asText()).isEqualTo("payment declined");
        assertThat(entry.get("attributes").get("order").asInt()).isEqualTo(7);
        assertThat(entry.get("trace_id").asText()).isEqualTo("trace-1");
        assertThat(entry.get("span_id").isNull()).isTrue();
        assertThat(entry.get("host").isNull()).isTrue();
    }

    @Test
    void answersThePathWithATrailingSlash() {
        fixture.given(StoredEntry.at("17:30:00"));

        Response response = fixture.as(QUERY_KEY, "/query/").get();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(json(response).get("entries")).hasSize(1);
    }

    @Test
    void searchesTheLastHourNewestFirstByDefault() {
        fixture.given(StoredEntry.at("16:59:59").message("too old"), StoredEntry.at("17:00:00").message("first"),
                StoredEntry.at("17:59:59").message("last"), StoredEntry.at(NOW).message("not yet"));

        JsonNode body = json(fixture.as(QUERY_KEY, "/query").get());

        assertThat(messages(body)).containsExactly("last", "first");
        assertThat(body.get("next_cursor").isNull()).isTrue();
    }

    @Test
    void treatsBlankParametersAsAbsent() {
        fixture.as(QUERY_KEY, "/query?service=&level=&from=&limit=&q=%20&attr.status=").get();

        LogQuery query = fixture.store.queries().get(0);
        assertThat(query.filter()).isEqualTo(LogFilter.of(HttpAdapterFixture.TENANT, lastHour()));
        assertThat(query.limit()).isEqualTo(LogQuery.DEFAULT_LIMIT);
        assertThat(query.order()).isEqualTo(SortOrder.DESC);
    }

    @Test
    void passesEveryParameterToTheStore() {
        Response response = fixture.as(QUERY_KEY, "/query?from=2026-11-26T00:00:00%2B01:00&to=2026-11-26T18:00:00Z"
                + "&service=checkout&service=billing&level=WARN&level=error&min_level=warning&host=web-1"
                + "&trace_id=t-42&q=payment%20%22card%20declined%22&attr.http.status=500&order=asc&limit=10").get();

        assertThat(response.getStatus()).isEqualTo(200);
        LogQuery query = fixture.store.queries().get(0);
        LogFilter filter = query.filter();
        assertThat(filter.range()).isEqualTo(TimeRange.between(
                Instant.parse("2026-11-25T23:00:00Z"), Instant.parse("2026-11-26T18:00:00Z")));
        assertThat(filter.services()).containsExactlyInAnyOrder("checkout", "billing");
        assertThat(filter.levels()).containsExactlyInAnyOrder(Level.WARN, Level.ERROR);
        assertThat(filter.minLevel()).isEqualTo(Level.WARN);
        assertThat(filter.hosts()).containsExactly("web-1");
        assertThat(filter.traceId()).isEqualTo("t-42");
        assertThat(filter.text()).isEqualTo(new TextSearch(List.of("payment"), List.of("card declined")));
        assertThat(filter.attributes()).containsExactly(
                new AttributeMatch(List.of("http", "status"), List.of("\"500\"", "500")));
        assertThat(query.order()).isEqualTo(SortOrder.ASC);
        assertThat(query.limit()).isEqualTo(10);
    }

    @Test
    void readsTimesAsEpochMilliseconds() {
        Instant from = Instant.parse("2026-11-26T10:00:00Z");
        Instant to = Instant.parse("2026-11-26T11:00:00.250Z");

        fixture.as(QUERY_KEY, "/query?from=" + from.toEpochMilli() + "&to=" + to.toEpochMilli()).get();

        assertThat(fixture.store.queries().get(0).filter().range()).isEqualTo(TimeRange.between(from, to));
    }

    @Test
    void findsEntriesMatchingAnyValueOfARepeatedFilter() {
        fixture.given(StoredEntry.at("17:10:00").service("checkout").message("checkout"),
                StoredEntry.at("17:20:00").service("billing").message("billing"),
                StoredEntry.at("17:30:00").service("search").message("search"));

        JsonNode body = json(fixture.as(QUERY_KEY, "/query?service=checkout&service=billing").get());

        assertThat(messages(body)).containsExactly("billing", "checkout");
    }

    @Test
    void findsOnlyEntriesMatchingEveryFilter() {
        fixture.given(StoredEntry.at("17:10:00").service("checkout").host("web-1").level(Level.ERROR).message("hit"),
                StoredEntry.at("17:20:00").service("checkout").host("web-2").level(Level.ERROR).message("other host"),
                StoredEntry.at("17:30:00").service("checkout").host("web-1").level(Level.INFO).message("too mild"));

        JsonNode body = json(fixture.as(QUERY_KEY, "/query?service=checkout&host=web-1&level=error").get());

        assertThat(messages(body)).containsExactly("hit");
    }

    @Test
    void findsEntriesAtTheMinimumLevelOrMoreSevere() {
        fixture.given(StoredEntry.at("17:10:00").level(Level.INFO).message("info"),
                StoredEntry.at("17:20:00").level(Level.WARN).message("warn"),
                StoredEntry.at("17:30:00").level(Level.FATAL).message("fatal"));

        JsonNode body = json(fixture.as(QUERY_KEY, "/query?min_level=warn").get());

        assertThat(messages(body)).containsExactly("fatal", "warn");
    }

    @Test
    void findsEntriesByTraceId() {
        fixture.given(StoredEntry.at("17:10:00").traceId("t-1").message("in trace"),
                StoredEntry.at("17:20:00").traceId("t-2").message("elsewhere"));

        assertThat(messages(json(fixture.as(QUERY_KEY, "/query?trace_id=t-1").get()))).containsExactly("in trace");
    }

    @Test
    void findsEntriesHoldingEveryWordInAnyOrder() {
        fixture.given(StoredEntry.at("17:10:00").message("card declined during payment"),
                StoredEntry.at("17:20:00").message("payment accepted"));

        JsonNode body = json(fixture.as(QUERY_KEY, "/query?q=payment%20declined").get());

        assertThat(messages(body)).containsExactly("card declined during payment");
    }

    @Test
    void readsAPlusInTheQueryStringAsASpaceAsFormsSendIt() {
        fixture.given(StoredEntry.at("17:10:00").message("card declined during payment"),
                StoredEntry.at("17:20:00").message("payment accepted"));

        JsonNode body = json(raw("?q=payment+declined").get());

        assertThat(messages(body)).containsExactly("card declined during payment");
    }

    @Test
    void findsAQuotedPhraseOnlyAsConsecutiveWords() {
        fixture.given(StoredEntry.at("17:10:00").message("payment declined"),
                StoredEntry.at("17:20:00").message("declined payment"));

        JsonNode body = json(fixture.as(QUERY_KEY, "/query?q=%22payment%20declined%22").get());

        assertThat(messages(body)).containsExactly("payment declined");
    }

    @Test
    void rejectsAnUnclosedQuote() {
        assertUnprocessable(fixture.as(QUERY_KEY, "/query?q=%22payment").get(), "q: a quote is not closed");
    }

    @Test
    void matchesAnAttributeTypedInTheUrlAsANumberAndAsAString() {
        fixture.given(StoredEntry.at("17:10:00").attributes("{\"status\": 500}").message("number"),
                StoredEntry.at("17:20:00").attributes("{\"status\": \"500\"}").message("string"),
                StoredEntry.at("17:30:00").attributes("{\"status\": 404}").message("other"));

        JsonNode body = json(fixture.as(QUERY_KEY, "/query?attr.status=500").get());

        assertThat(messages(body)).containsExactly("string", "number");
    }

    @Test
    void matchesTrueAsABooleanAndAsAString() {
        fixture.given(StoredEntry.at("17:10:00").attributes("{\"retry\": true}").message("boolean"),
                StoredEntry.at("17:20:00").attributes("{\"retry\": \"true\"}").message("string"),
                StoredEntry.at("17:30:00").attributes("{\"retry\": false}").message("false"));

        assertThat(messages(json(fixture.as(QUERY_KEY, "/query?attr.retry=true").get())))
                .containsExactly("string", "boolean");
    }

    @Test
    void matchesANestedAttributeByItsDottedPath() {
        fixture.given(StoredEntry.at("17:10:00").attributes("{\"http\": {\"method\": \"POST\"}}").message("nested"),
                StoredEntry.at("17:20:00").attributes("{\"method\": \"POST\"}").message("top level"));

        assertThat(messages(json(fixture.as(QUERY_KEY, "/query?attr.http.method=POST").get())))
                .containsExactly("nested");
    }

    @Test
    void matchesAnyValueOfARepeatedAttributeAndEveryDifferentOne() {
        fixture.given(StoredEntry.at("17:10:00").attributes("{\"status\": 500, \"region\": \"eu\"}").message("500 eu"),
                StoredEntry.at("17:20:00").attributes("{\"status\": 503, \"region\": \"eu\"}").message("503 eu"),
                StoredEntry.at("17:30:00").attributes("{\"status\": 503, \"region\": \"us\"}").message("503 us"),
                StoredEntry.at("17:40:00").attributes("{\"status\": 404, \"region\": \"eu\"}").message("404 eu"));

        JsonNode body = json(fixture.as(QUERY_KEY, "/query?attr.status=500&attr.status=503&attr.region=eu").get());

        assertThat(messages(body)).containsExactly("503 eu", "500 eu");
    }

    @Test
    void matchesAnAttributeValueWithQuotesAndBackslashesExactly() {
        fixture.given(StoredEntry.at("17:10:00").attributes("{\"path\": \"C:\\\\tmp \\\"x\\\"\"}").message("exact"),
                StoredEntry.at("17:20:00").attributes("{\"path\": \"C:tmp x\"}").message("other"));

        JsonNode body = json(fixture.as(QUERY_KEY, "/query?attr.path=C:%5Ctmp%20%22x%22").get());

        assertThat(messages(body)).containsExactly("exact");
    }

    @ParameterizedTest
    @ValueSource(strings = {"attr.=1", "attr.http..status=1", "attr.http.=1", "attr..status=1"})
    void rejectsAnAttributePathWithAnEmptyKey(String parameter) {
        assertUnprocessable(fixture.as(QUERY_KEY, "/query?" + parameter).get(), "attr.");
    }

    @Test
    void rejectsAnAttributePathDeeperThanAnyStoredAttribute() {
        assertUnprocessable(fixture.as(QUERY_KEY, "/query?attr.a.b.c.d.e.f.g.h.i=1").get(),
                "attr.a.b.c.d.e.f.g.h.i: more than 8 keys deep");
    }

    @Test
    void pagesThroughEveryEntryWithTheCursor() {
        for (int i = 0; i < 5; i++) {
            fixture.given(StoredEntry.at("17:3" + i + ":00").message("entry " + i));
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode body = json(fixture.as(QUERY_KEY, "/query?limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
                    .get());
            seen.addAll(messages(body));
            cursor = body.get("next_cursor").isNull() ? null : body.get("next_cursor").asText();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("entry 4", "entry 3", "entry 2", "entry 1", "entry 0");
    }

    @Test
    void keepsTheFirstPagesRangeWhenLaterPagesSendOnlyTheCursor() {
        fixture.given(StoredEntry.at("17:10:00").message("older"), StoredEntry.at("17:20:00").message("newer"));
        String cursor = json(fixture.as(QUERY_KEY, "/query?limit=1").get()).get("next_cursor").asText();
        fixture.clock.set(NOW.plusSeconds(600));
        fixture.given(StoredEntry.at(NOW.plusSeconds(60)).message("arrived after the first page"));

        Response second = fixture.as(QUERY_KEY, "/query?limit=1&cursor=" + cursor).get();

        assertThat(second.getStatus()).isEqualTo(200);
        assertThat(messages(json(second))).containsExactly("older");
    }

    @Test
    void continuesAPageInTheOldestFirstOrder() {
        fixture.given(StoredEntry.at("17:10:00").message("first"), StoredEntry.at("17:20:00").message("second"));
        String cursor = json(fixture.as(QUERY_KEY, "/query?order=asc&limit=1").get()).get("next_cursor").asText();

        JsonNode second = json(fixture.as(QUERY_KEY, "/query?order=asc&limit=1&cursor=" + cursor).get());

        assertThat(messages(second)).containsExactly("second");
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "AAAA", "-_-_", "%22%22"})
    void rejectsACursorThisServerDidNotMakeWith400(String cursor) {
        assertMalformed(fixture.as(QUERY_KEY, "/query?cursor=" + cursor).get(), "cursor: not a cursor");
    }

    @ParameterizedTest
    @ValueSource(strings = {"&service=billing", "&order=asc", "&q=timeout", "&attr.status=500"})
    void rejectsACursorSentWithOtherFiltersOrOrderWith400(String changed) {
        fixture.given(StoredEntry.at("17:10:00"), StoredEntry.at("17:20:00"));
        String cursor = json(fixture.as(QUERY_KEY, "/query?limit=1").get()).get("next_cursor").asText();

        Response response = fixture.as(QUERY_KEY, "/query?limit=1&cursor=" + cursor + changed).get();

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(errors(json(response))).singleElement().asString().startsWith("cursor: made for a search");
    }

    @Test
    void searchesOnlyTheKeysTenant() {
        fixture.given(StoredEntry.at("17:10:00").message("ours"),
                StoredEntry.at("17:20:00").tenant(OTHER_TENANT).message("theirs"));

        assertThat(messages(json(fixture.as(QUERY_KEY, "/query").get()))).containsExactly("ours");
    }

    @Test
    void rejectsUnknownParametersWith400NamingEach() {
        Response response = fixture.as(QUERY_KEY, "/query?tenant=globex&services=checkout&limit=5").get();

        JsonNode body = assertMalformed(response, "tenant: unknown parameter");
        assertThat(errors(body)).hasSize(2).anyMatch(error -> error.startsWith("services: unknown parameter"));
    }

    @Test
    void refusesAKeyWithoutTheQueryRole() {
        Response response = fixture.as(INGEST_KEY, "/query").get();

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(json(response).get("code").asInt()).isEqualTo(403);
        assertThat(fixture.store.queries()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1001", "ten", "1.5"})
    void rejectsALimitOutsideOneToTheMaximum(String limit) {
        assertUnprocessable(fixture.as(QUERY_KEY, "/query?limit=" + limit).get(),
                "limit: must be a whole number from 1 to 1000");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 1000})
    void acceptsALimitAtEitherBound(int limit) {
        Response response = fixture.as(QUERY_KEY, "/query?limit=" + limit).get();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(fixture.store.queries().get(0).limit()).isEqualTo(limit);
    }

    @Test
    void rejectsAnUnknownOrder() {
        assertUnprocessable(fixture.as(QUERY_KEY, "/query?order=newest").get(), "order: must be asc or desc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"level=loud", "min_level=loud"})
    void rejectsAnUnknownLevel(String parameter) {
        String name = parameter.substring(0, parameter.indexOf('='));
        assertUnprocessable(fixture.as(QUERY_KEY, "/query?" + parameter).get(), name + ": unknown level 'loud'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-11-26", "-1000", "1795716000000.5"})
    void rejectsATimeThatIsNeitherRfc3339NorEpochMilliseconds(String time) {
        assertUnprocessable(fixture.as(QUERY_KEY, "/query?from=" + time).get(), "from: must be an RFC 3339");
    }

    @Test
    void rejectsEpochMillisecondsBeyondTheYear9999() {
        assertUnprocessable(fixture.as(QUERY_KEY, "/query?to=99999999999999999999").get(),
                "to: milliseconds since 1970 must be at most");
    }

    @Test
    void rejectsARangeThatEndsBeforeItStarts() {
        assertUnprocessable(fixture.as(QUERY_KEY, "/query?from=2026-11-26T10:00:00Z&to=2026-11-26T09:00:00Z").get(),
                "to: must be later than from");
    }

    @Test
    void rejectsAFromAfterNowWhenToIsNotGiven() {
        assertUnprocessable(fixture.as(QUERY_KEY, "/query?from=2026-11-26T19:00:00Z").get(),
                "from: must be earlier than now");
    }

    @Test
    void rejectsARangeLongerThanTheMaximum() {
        assertUnprocessable(fixture.as(QUERY_KEY, "/query?from=2026-10-01T00:00:00Z").get(),
                "from: the range from from to to must be at most 31 days long");
    }

    @Test
    void rejectsAServiceFilterWithTheNulCharacter() {
        assertUnprocessable(fixture.as(QUERY_KEY, "/query?service=a%00b").get(), "service: must not contain");
    }

    @Test
    void rejectsASingleValuedParameterGivenTwice() {
        assertUnprocessable(fixture.as(QUERY_KEY, "/query?limit=5&limit=6").get(), "limit: may be given once");
    }

    @Test
    void namesEveryBadParameterAtOnce() {
        JsonNode body = assertUnprocessable(
                fixture.as(QUERY_KEY, "/query?limit=0&level=x&to=never&order=up&attr.a..b=1").get(), "to:");

        assertThat(errors(body)).hasSize(5);
    }

    /** A request with the query string exactly as written, unlike the fixture's, which encodes each value. */
    private jakarta.ws.rs.client.Invocation.Builder raw(String queryString) {
        return resources.client().target(resources.target("/query").getUri() + queryString).request()
                .header("Authorization", "Bearer " + QUERY_KEY);
    }

    private TimeRange lastHour() {
        return new TimeRange(NOW.minus(HttpAdapterFixture.DEFAULT_SPAN), NOW, false, false);
    }

    private JsonNode assertUnprocessable(Response response, String expectedErrorStart) {
        return assertRefused(response, 422, expectedErrorStart);
    }

    private JsonNode assertMalformed(Response response, String expectedErrorStart) {
        return assertRefused(response, 400, expectedErrorStart);
    }

    private JsonNode assertRefused(Response response, int status, String expectedErrorStart) {
        assertThat(response.getStatus()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.get("code").asInt()).isEqualTo(status);
        assertThat(errors(body)).anyMatch(error -> error.startsWith(expectedErrorStart));
        assertThat(fixture.store.queries()).isEmpty();
        return body;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
