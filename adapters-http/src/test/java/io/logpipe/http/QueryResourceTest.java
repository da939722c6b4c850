package io.logpipe.http;

import static io.logpipe.http.HttpAdapterFixture.INGEST_KEY;
import static io.logpipe.http.HttpAdapterFixture.QUERY_KEY;
import static io.logpipe.http.HttpAdapterFixture.TENANT;
import static io.logpipe.http.HttpAdapterFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.logpipe.domain.Attributes;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.PageCursor;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(DropwizardExtensionsSupport.class)
class QueryResourceTest {
    private static final Instant RECEIVED = Instant.parse("2026-11-26T17:59:59Z");

    private final HttpAdapterFixture fixture = new HttpAdapterFixture();
    private final ResourceExtension resources = fixture.resources;

    @Test
    void answersEntriesWithSnakeCaseFieldsAndUtcTimestamps() {
        UUID id = UUID.fromString("0192f0c4-7b1e-7c3a-9d2e-4f5a6b7c8d9e");
        fixture.store.write(List.of(new LogEntry(id, TENANT, Instant.parse("2026-11-26T17:00:00.123456Z"), RECEIVED,
                "checkout", Level.ERROR, "payment declined", Attributes.of("{\"order\": 7}"), "trace-1", null, null)));

        Response response = fixture.as(QUERY_KEY, "/query").get();

        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(fieldNames(body)).containsExactlyInAnyOrder("entries", "next_cursor");
        JsonNode entry = body.get("entries").get(0);
        assertThat(fieldNames(entry)).containsExactlyInAnyOrder("id", "timestamp", "received_at", "service", "level",
                "message", "attributes", "trace_id", "span_id", "host");
        assertThat(entry.get("id").asText()).isEqualTo(id.toString());
        assertThat(entry.get("timestamp").asText()).isEqualTo("2026-11-26T17:00:00.123456Z");
        assertThat(entry.get("received_at").asText()).isEqualTo("2026-11-26T17:59:59Z");
        assertThat(entry.get("service").asText()).isEqualTo("checkout");
        assertThat(entry.get("level").asText()).isEqualTo("error");
        assertThat(entry.get("message").asText()).isEqualTo("payment declined");
        assertThat(entry.get("attributes").get("order").asInt()).isEqualTo(7);
        assertThat(entry.get("trace_id").asText()).isEqualTo("trace-1");
        assertThat(entry.get("span_id").isNull()).isTrue();
        assertThat(entry.get("host").isNull()).isTrue();
    }

    @Test
    void answersANullNextCursorOnTheLastPage() {
        storeEntries(2);

        JsonNode body = json(fixture.as(QUERY_KEY, "/query").get());

        assertThat(body.get("entries")).hasSize(2);
        assertThat(body.has("next_cursor")).isTrue();
        assertThat(body.get("next_cursor").isNull()).isTrue();
    }

    @Test
    void pagesThroughEveryEntryWithTheCursor() {
        List<LogEntry> stored = storeEntries(5);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String path = "/query?limit=2" + (cursor == null ? "" : "&cursor=" + cursor);
            JsonNode body = json(fixture.as(QUERY_KEY, path).get());
            body.get("entries").forEach(entry -> seen.add(entry.get("id").asText()));
            cursor = body.get("next_cursor").isNull() ? null : body.get("next_cursor").asText();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        List<String> newestFirst = new ArrayList<>(stored.stream().map(entry -> entry.id().toString()).toList());
        Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void answersThePathWithATrailingSlash() {
        storeEntries(1);

        Response response = fixture.as(QUERY_KEY, "/query/").get();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(json(response).get("entries")).hasSize(1);
    }

    @Test
    void passesEveryFilterToTheStore() {
        PageCursor cursor = new PageCursor(Instant.parse("2026-11-26T12:00:00Z"), UUID.randomUUID());

        Response response = fixture.as(QUERY_KEY, "/query?from=2026-11-26T00:00:00%2B01:00&to=2026-11-26T18:00:00Z"
                + "&service=checkout&level=WARN&limit=10&cursor=" + cursor.encode()).get();

        assertThat(response.getStatus()).isEqualTo(200);
        LogQuery query = fixture.store.queries().get(0);
        assertThat(query.from()).isEqualTo(Instant.parse("2026-11-25T23:00:00Z"));
        assertThat(query.to()).isEqualTo(Instant.parse("2026-11-26T18:00:00Z"));
        assertThat(query.service()).isEqualTo("checkout");
        assertThat(query.level()).isEqualTo(Level.WARN);
        assertThat(query.limit()).isEqualTo(10);
        assertThat(query.after()).isEqualTo(cursor);
    }

    @Test
    void usesTheDefaultLimitAndNoFiltersWhenNoneAreGiven() {
        fixture.as(QUERY_KEY, "/query?service=&level=").get();

        LogQuery query = fixture.store.queries().get(0);
        assertThat(query.limit()).isEqualTo(LogQuery.DEFAULT_LIMIT);
        assertThat(query.service()).isNull();
        assertThat(query.level()).isNull();
        assertThat(query.after()).isNull();
    }

    @Test
    void searchesOnlyTheTenantOfTheKeyWhateverTheRequestSays() {
        fixture.as(QUERY_KEY, "/query?tenant=someone-else").get();

        assertThat(fixture.store.queries()).extracting(LogQuery::tenant).containsExactly(TENANT);
    }

    @Test
    void refusesAKeyWithoutTheQueryRole() {
        Response response = fixture.as(INGEST_KEY, "/query").get();

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(json(response).get("code").asInt()).isEqualTo(403);
        assertThat(fixture.store.queries()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "AAAA", "-_-_"})
    void rejectsACursorThisServerDidNotMake(String cursor) {
        assertUnprocessable(fixture.as(QUERY_KEY, "/query?cursor=" + cursor).get(), "cursor:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1001", "ten", "1.5"})
    void rejectsALimitOutsideOneToTheMaximum(String limit) {
        assertUnprocessable(fixture.as(QUERY_KEY, "/query?limit=" + limit).get(),
                "limit: must be a whole number from 1 to 1000");
    }

    @Test
    void rejectsAnUnknownLevel() {
        assertUnprocessable(fixture.as(QUERY_KEY, "/query?level=loud").get(), "level: unknown level 'loud'");
    }

    @Test
    void rejectsATimeThatIsNotRfc3339() {
        assertUnprocessable(fixture.as(QUERY_KEY, "/query?from=yesterday").get(), "from: must be an RFC 3339");
    }

    @Test
    void rejectsARangeThatEndsBeforeItStarts() {
        assertUnprocessable(fixture.as(QUERY_KEY, "/query?from=2026-11-26T10:00:00Z&to=2026-11-26T09:00:00Z").get(),
                "to: must be later than from");
    }

    @Test
    void rejectsAServiceFilterWithTheNulCharacter() {
        assertUnprocessable(fixture.as(QUERY_KEY, "/query?service=a%00b").get(), "service: must not contain");
    }

    @Test
    void namesEveryBadParameterAtOnce() {
        JsonNode body = assertUnprocessable(fixture.as(QUERY_KEY, "/query?limit=0&level=x&to=never").get(), "to:");

        assertThat(body.get("errors")).hasSize(3);
    }

    private List<LogEntry> storeEntries(int count) {
        List<LogEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(new LogEntry(UUID.randomUUID(), TENANT, Instant.parse("2026-11-26T10:00:00Z").plusSeconds(i),
                    RECEIVED, "svc", Level.INFO, "entry " + i, Attributes.none(), null, null, null));
        }
        fixture.store.write(entries);
        return entries;
    }

    private JsonNode assertUnprocessable(Response response, String expectedErrorStart) {
        assertThat(response.getStatus()).isEqualTo(422);
        JsonNode body = json(response);
        assertThat(body.get("code").asInt()).isEqualTo(422);
        List<String> errors = new ArrayList<>();
        body.get("errors").forEach(error -> errors.add(error.asText()));
        assertThat(errors).anyMatch(error -> error.startsWith(expectedErrorStart));
        assertThat(fixture.store.queries()).isEmpty();
        return body;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
