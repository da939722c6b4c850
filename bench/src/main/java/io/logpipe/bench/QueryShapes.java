package io.logpipe.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The query shapes the query phase times, as URLs of logpipe's query API. The dataset lies in the past, so every
 * request names its range with explicit {@code from} and {@code to} inside the dataset: the API's default range (the
 * hour before now) would find nothing there. Windows start on whole hours, drawn from the random source each run
 * gets.
 */
final class QueryShapes {
    static final int DEEP_PAGE = 100;
    /** Words of the generator's common vocabulary, each in about 12% of messages. */
    static final List<String> COMMON_WORDS = List.of("timeout", "payment", "retry", "checkout", "database");
    /**
     * Pairs of common words: both are in about 1.4% of messages, next to each other in this order in about 0.1%, so
     * most messages with both words are not a match.
     */
    static final List<String> PHRASES = List.of("connection pool", "cache miss", "rate limit", "token expired",
            "circuit open", "slow query", "payment failed", "stock low");
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);

    enum Kind { SEARCH, HISTOGRAM }

    record Shape(String label, Kind kind, Function<SplittableRandom, String> url) {
    }

    /** A stored entry found before timing, whose trace id and user id the lookups search for. */
    record Probe(Instant timestamp, String traceId, long userId) {
    }

    record Window(Instant from, Instant to) {
    }

    private final String root;
    private final Instant start;
    private final Duration span;

    /**
     * @param root the server, such as {@code http://127.0.0.1:18080}
     * @param start the dataset's first instant, on a whole hour
     * @param span how long the dataset lasts, whole hours
     */
    QueryShapes(String root, Instant start, Duration span) {
        this.root = root;
        this.start = start;
        this.span = span;
    }

    /**
     * Every shape, in the order they are reported.
     *
     * @param probes stored entries for the trace id and attribute lookups, at least one
     * @param deepPages URLs of page {@value #DEEP_PAGE} + 1 of 24-hour searches, at least one
     */
    List<Shape> all(List<Probe> probes, List<String> deepPages) {
        List<Shape> shapes = new ArrayList<>();
        shapes.add(search("tenant + 1 h", r -> search(window(r, HOUR))));
        shapes.add(search("tenant + service + 1 h", r -> search(window(r, HOUR), "service", pick(r,
                EntryGenerator.SERVICES))));
        shapes.add(search("tenant + level error + 24 h", r -> search(window(r, DAY), "level", "error")));
        shapes.add(search("full text: a rare word (0.1%) + 24 h", r -> search(window(r, DAY), "q",
                pick(r, EntryGenerator.RARE_WORDS))));
        shapes.add(search("full text: a common word (12%) + 24 h", r -> search(window(r, DAY), "q",
                pick(r, COMMON_WORDS))));
        shapes.add(search("full text: a \"phrase\" + 24 h", r -> search(window(r, DAY), "q",
                '"' + pick(r, PHRASES) + '"')));
        shapes.add(search("attribute user_id + 24 h", r -> {
            Probe probe = pick(r, probes);
            return search(dayAround(r, probe.timestamp()), "attr.user_id", Long.toString(probe.userId()));
        }));
        shapes.add(search("attribute http.status=500 (7%) + 24 h", r -> search(window(r, DAY), "attr.http.status",
                "500")));
        shapes.add(search("trace id + 24 h", r -> {
            Probe probe = pick(r, probes);
            return search(dayAround(r, probe.timestamp()), "trace_id", probe.traceId());
        }));
        shapes.add(search("tenant + 24 h, page " + (DEEP_PAGE + 1) + " by cursor", r -> pick(r, deepPages)));
        shapes.add(new Shape("histogram, 24 h at 1 m", Kind.HISTOGRAM, r -> histogram(window(r, DAY), "1m")));
        return shapes;
    }

    /** A window of {@code length} that starts on a whole hour and lies inside the dataset. */
    Window window(SplittableRandom random, Duration length) {
        long starts = span.minus(length).toHours() + 1;
        Instant from = start.plus(Duration.ofHours(random.nextLong(starts)));
        return new Window(from, from.plus(length));
    }

    /** A 24-hour window that holds {@code instant}, starts on a whole hour and lies inside the dataset. */
    Window dayAround(SplittableRandom random, Instant instant) {
        Instant hour = instant.truncatedTo(ChronoUnit.HOURS);
        Instant from = hour.minus(Duration.ofHours(random.nextInt(24)));
        Instant latest = start.plus(span).minus(DAY);
        if (from.isBefore(start)) {
            from = start;
        } else if (from.isAfter(latest)) {
            from = latest;
        }
        return new Window(from, from.plus(DAY));
    }

    /** A {@code GET /query/} URL: the window, then the parameters given as name, value, name, value... */
    String search(Window window, String... parameters) {
        return url("/query/?", window, parameters);
    }

    String histogram(Window window, String interval) {
        return url("/query/histogram?", window, "interval", interval);
    }

    /** The same search continued at a page's {@code next_cursor}; the range stays named, as the cursor pins it. */
    static String withCursor(String firstPage, String cursor) {
        return firstPage + "&cursor=" + encode(cursor);
    }

    private String url(String path, Window window, String... parameters) {
        StringBuilder url = new StringBuilder(root).append(path)
                .append("from=").append(window.from()).append("&to=").append(window.to());
        for (int i = 0; i < parameters.length; i += 2) {
            url.append('&').append(parameters[i]).append('=').append(encode(parameters[i + 1]));
        }
        return url.toString();
    }

    // URLEncoder writes a space as '+', which only forms decode as a space; %20 means one in any query string.
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Shape search(String label, Function<SplittableRandom, String> url) {
        return new Shape(label, Kind.SEARCH, url);
    }

    private static <T> T pick(SplittableRandom random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
