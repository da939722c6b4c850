package io.logpipe.http;

import static io.logpipe.http.HttpAdapterFixture.INGEST_KEY;
import static io.logpipe.http.HttpAdapterFixture.QUERY_KEY;
import static io.logpipe.http.HttpAdapterFixture.errors;
import static io.logpipe.http.HttpAdapterFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /query/histogram}: counts of matching entries over time, for charts. */
@ExtendWith(DropwizardExtensionsSupport.class)
class HistogramResourceTest {
    private final HttpAdapterFixture fixture = new HttpAdapterFixture();
    private final ResourceExtension resources = fixture.resources;

    @Test
    void countsTheLastHourInBucketsIncludingEmptyOnes() {
        fixture.given(StoredEntry.at("17:00:05"), StoredEntry.at("17:00:07"), StoredEntry.at("17:30:00"),
                StoredEntry.at("16:59:59"));

        Response response = fixture.as(QUERY_KEY, "/query/histogram").get();

        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(fieldNames(body)).containsExactly("interval", "total", "buckets");
        assertThat(body.get("interval").asText()).isEqualTo("10s");
        assertThat(body.get("total").asLong()).isEqualTo(3);
        JsonNode buckets = body.get("buckets");
        assertThat(buckets).hasSize(360);
        assertThat(fieldNames(buckets.get(0))).containsExactly("start", "count");
        assertThat(buckets.get(0).get("start").asText()).isEqualTo("2026-11-26T17:00:00Z");
        assertThat(buckets.get(0).get("count").asLong()).isEqualTo(2);
        assertThat(buckets.get(1).get("count").asLong()).isZero();
        assertThat(buckets.get(180).get("start").asText()).isEqualTo("2026-11-26T17:30:00Z");
        assertThat(buckets.get(180).get("count").asLong()).isEqualTo(1);
        assertThat(buckets.get(359).get("start").asText()).isEqualTo("2026-11-26T17:59:50Z");
    }

    @ParameterizedTest
    @CsvSource({"1m, 60", "1H, 1", "10s, 360", "auto, 360"})
    void usesTheIntervalAsked(String interval, int buckets) {
        JsonNode body = json(fixture.as(QUERY_KEY, "/query/histogram?interval=" + interval).get());

        assertThat(body.get("interval").asText()).isEqualTo(
                interval.equals("auto") ? "10s" : interval.toLowerCase(Locale.ROOT));
        assertThat(body.get("buckets")).hasSize(buckets);
    }

    @ParameterizedTest
    @CsvSource({"2026-11-26T14:00:00Z, 10s", "2026-11-25T18:00:00Z, 1m", "2026-11-19T18:00:00Z, 1h",
            "2026-10-27T18:00:00Z, 1h"})
    void picksTheShortestIntervalThatKeepsTheChartReadable(String from, String interval) {
        JsonNode body = json(fixture.as(QUERY_KEY, "/query/histogram?from=" + from).get());

        assertThat(body.get("interval").asText()).isEqualTo(interval);
        assertThat(body.get("buckets").size()).isLessThanOrEqualTo(1_500);
    }

    @Test
    void countsOnlyMatchingEntries() {
        fixture.given(StoredEntry.at("17:10:00").service("checkout").message("payment declined"),
                StoredEntry.at("17:20:00").service("checkout").message("payment accepted"),
                StoredEntry.at("17:30:00").service("billing").message("payment declined"));

        JsonNode body = json(fixture.as(QUERY_KEY, "/query/histogram?service=checkout&q=declined&interval=1h").get());

        assertThat(body.get("total").asLong()).isEqualTo(1);
        assertThat(body.get("buckets").get(0).get("count").asLong()).isEqualTo(1);
    }

    @Test
    void takesTheFiltersAsAJsonBodyToo() {
        fixture.given(StoredEntry.at("17:10:00").attributes("{\"http\": {\"status\": 500}}"),
                StoredEntry.at("17:20:00").attributes("{\"http\": {\"status\": 200}}"));

        Response response = fixture.as(QUERY_KEY, "/query/histogram").post(Entity.json(
                "{\"interval\": \"1m\", \"attributes\": {\"http\": {\"status\": 500}}}"));

        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("interval").asText()).isEqualTo("1m");
        assertThat(body.get("total").asLong()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5m", "minute", "0", "10S0"})
    void rejectsAnIntervalNotOffered(String interval) {
        Response response = fixture.as(QUERY_KEY, "/query/histogram?interval=" + interval).get();

        assertThat(response.getStatus()).isEqualTo(422);
        assertThat(errors(json(response))).singleElement().asString()
                .startsWith("interval: must be one of 10s, 1m, 1h, 1d or auto");
    }

    @Test
    void rejectsAnIntervalThatMakesTooManyBuckets() {
        Response response = fixture.as(QUERY_KEY, "/query/histogram?interval=10s&from=2026-11-01T00:00:00Z").get();

        assertThat(response.getStatus()).isEqualTo(422);
        assertThat(errors(json(response))).singleElement().asString()
                .startsWith("interval: 10s makes 222480 buckets over this range, more than 20000");
    }

    @Test
    void namesABadIntervalWithEveryOtherProblem() {
        Response response = fixture.as(QUERY_KEY, "/query/histogram?interval=5m&level=loud&from=never").get();

        assertThat(response.getStatus()).isEqualTo(422);
        assertThat(errors(json(response))).hasSize(3).anyMatch(error -> error.startsWith("interval:"));
    }

    @Test
    void rejectsPagingParametersAsUnknown() {
        Response response = fixture.as(QUERY_KEY, "/query/histogram?order=asc&limit=5&cursor=abc").get();

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(errors(json(response))).hasSize(3)
                .allMatch(error -> error.contains(": unknown parameter"));
    }

    @Test
    void rejectsARangeThatEndsBeforeItStarts() {
        Response response = fixture.as(QUERY_KEY,
                "/query/histogram?from=2026-11-26T10:00:00Z&to=2026-11-26T09:00:00Z&interval=1m").get();

        assertThat(response.getStatus()).isEqualTo(422);
        assertThat(errors(json(response))).containsExactly("to: must be later than from");
    }

    @Test
    void refusesAKeyWithoutTheQueryRole() {
        assertThat(fixture.as(INGEST_KEY, "/query/histogram").get().getStatus()).isEqualTo(403);
        assertThat(fixture.as(INGEST_KEY, "/query/histogram").post(Entity.json("{}")).getStatus()).isEqualTo(403);
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
