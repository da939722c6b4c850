package io.logpipe.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QueryShapesTest {
    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    private static final Duration SPAN = Duration.ofDays(2);
    private static final QueryShapes SHAPES = new QueryShapes("http://127.0.0.1:18080", START, SPAN);
    private static final List<QueryShapes.Probe> PROBES = List.of(
            new QueryShapes.Probe(START.plusSeconds(600), "4bf92f3577b34da6a3ce929d0e0e4736", 1234),
            new QueryShapes.Probe(START.plus(SPAN).minusSeconds(600), "00f067aa0ba902b7a3ce929d0e0e4736", 99));

    @Test
    void everyShapeNamesAWindowInsideTheDatasetBecauseTheDefaultWindowEndsNow() {
        String deepPage = SHAPES.search(SHAPES.window(new SplittableRandom(1), Duration.ofDays(1)));
        SplittableRandom random = new SplittableRandom(2);

        for (QueryShapes.Shape shape : SHAPES.all(PROBES, List.of(deepPage))) {
            for (int run = 0; run < 200; run++) {
                Map<String, String> query = parameters(shape.url().apply(random));
                Instant from = Instant.parse(query.get("from"));
                Instant to = Instant.parse(query.get("to"));

                assertThat(from).as(shape.label()).isAfterOrEqualTo(START).isBefore(to);
                assertThat(to).as(shape.label()).isBeforeOrEqualTo(START.plus(SPAN));
            }
        }
    }

    @Test
    void windowsHaveTheShapesLengthAndStartOnWholeHours() {
        Map<String, String> hour = parameters(shape("tenant + 1 h").url().apply(new SplittableRandom(3)));
        Map<String, String> day = parameters(shape("tenant + level error + 24 h").url().apply(new SplittableRandom(3)));

        assertThat(Duration.between(Instant.parse(hour.get("from")), Instant.parse(hour.get("to"))))
                .isEqualTo(Duration.ofHours(1));
        assertThat(Duration.between(Instant.parse(day.get("from")), Instant.parse(day.get("to"))))
                .isEqualTo(Duration.ofDays(1));
        assertThat(Instant.parse(day.get("from")).getEpochSecond() % 3600).isZero();
        assertThat(day.get("level")).isEqualTo("error");
    }

    @Test
    void lookupsSearchAProbesDayForItsTraceIdOrUserId() {
        SplittableRandom random = new SplittableRandom(4);
        for (int run = 0; run < 50; run++) {
            Map<String, String> trace = parameters(shape("trace id + 24 h").url().apply(random));
            QueryShapes.Probe probe = PROBES.stream().filter(p -> p.traceId().equals(trace.get("trace_id")))
                    .findFirst().orElseThrow();

            assertThat(probe.timestamp()).isAfterOrEqualTo(Instant.parse(trace.get("from")))
                    .isBefore(Instant.parse(trace.get("to")));
        }
        Map<String, String> user = parameters(shape("attribute user_id + 24 h").url().apply(random));
        assertThat(user.get("attr.user_id")).isIn("1234", "99");
    }

    @Test
    void aPhraseIsSentQuotedWithItsSpacePercentEncoded() {
        String url = shape("full text: a \"phrase\" + 24 h").url().apply(new SplittableRandom(5));

        assertThat(url).containsPattern("&q=%22[a-z]+%20[a-z]+%22$");
        assertThat(QueryShapes.PHRASES).contains(parameters(url).get("q").replace("\"", ""));
    }

    @Test
    void theHistogramAsksForOneMinuteBucketsOfItsOwnPath() {
        URI url = URI.create(shape("histogram, 24 h at 1 m").url().apply(new SplittableRandom(6)));

        assertThat(url.getPath()).isEqualTo("/query/histogram");
        assertThat(parameters(url.toString()).get("interval")).isEqualTo("1m");
    }

    @Test
    void aCursorIsAppendedEncodedToTheFirstPagesParameters() {
        String first = SHAPES.search(new QueryShapes.Window(START, START.plusSeconds(3600)), "service", "auth");

        String next = QueryShapes.withCursor(first, "eyJ0IjoxfQ==+/");

        assertThat(next).startsWith(first + "&cursor=");
        assertThat(parameters(next).get("cursor")).isEqualTo("eyJ0IjoxfQ==+/");
    }

    @Test
    void aDayAroundAnInstantNearTheDatasetsEdgeStaysInside() {
        SplittableRandom random = new SplittableRandom(7);
        for (int run = 0; run < 100; run++) {
            QueryShapes.Window early = SHAPES.dayAround(random, START.plusSeconds(5));
            QueryShapes.Window late = SHAPES.dayAround(random, START.plus(SPAN).minusSeconds(5));

            assertThat(early.from()).isEqualTo(START);
            assertThat(late.to()).isEqualTo(START.plus(SPAN));
        }
    }

    private static QueryShapes.Shape shape(String label) {
        return SHAPES.all(PROBES, List.of("http://127.0.0.1:18080/query/?deep")).stream()
                .filter(shape -> shape.label().equals(label)).findFirst().orElseThrow();
    }

    /** The query string decoded as a server decodes it, one value a name. */
    private static Map<String, String> parameters(String url) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            parameters.put(pair.substring(0, equals),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return parameters;
    }
}
