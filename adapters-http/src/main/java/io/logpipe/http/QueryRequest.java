package io.logpipe.http;

import io.logpipe.application.QueryWindow;
import io.logpipe.application.TextRules;
import io.logpipe.domain.AttributeMatch;
import io.logpipe.domain.HistogramQuery;
import io.logpipe.domain.InvalidRequestException;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogFilter;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.PageCursor;
import io.logpipe.domain.SortOrder;
import io.logpipe.domain.TextSearch;
import io.logpipe.domain.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A search or histogram request as sent, whether as the parameters of a {@code GET} ({@link QueryParameters}) or the
 * fields of a {@code POST} body ({@link QueryBody}): texts by field name, not yet parsed. Parsing happens here, once
 * for both, and names every problem of the request in one 422. Blank values count as absent, which is what form-built
 * URLs such as {@code ?level=} mean.
 *
 * @param fields the values of each field, by its wire name such as {@code min_level}
 * @param attributes the attribute conditions, which each reader builds by its own typing rules
 * @param problems what the reader found wrong with values it could not take as texts, reported with the rest
 */
record QueryRequest(Map<String, List<String>> fields, List<AttributeMatch> attributes, List<String> problems) {
    /** The filters both endpoints take; attributes come in a shape of their own. */
    static final List<String> FILTERS = List.of("from", "to", "service", "level", "min_level", "host", "trace_id", "q");
    /** The filters that may be given several times, any of which may match. */
    static final Set<String> REPEATABLE = Set.of("service", "level", "host");
    /** The last millisecond RFC 3339 can write, 9999-12-31T23:59:59.999Z: no timestamp lies later. */
    private static final long LATEST_EPOCH_MILLI = 253_402_300_799_999L;

    /** What a request asks for, and so which fields it may name. */
    enum Kind {
        SEARCH("order", "limit", "cursor"),
        HISTOGRAM("interval");

        private final Set<String> fields;

        Kind(String... own) {
            Set<String> all = new LinkedHashSet<>(FILTERS);
            all.addAll(List.of(own));
            this.fields = Collections.unmodifiableSet(all);
        }

        /** The field names it takes besides attributes, in the order the API documents them. */
        Set<String> fields() {
            return fields;
        }
    }

    QueryRequest {
        Map<String, List<String>> given = new LinkedHashMap<>();
        fields.forEach((name, values) -> {
            List<String> present = values.stream().filter(value -> value != null && !value.isBlank()).toList();
            if (!present.isEmpty()) {
                given.put(name, present);
            }
        });
        fields = Collections.unmodifiableMap(given);
        attributes = List.copyOf(attributes);
        problems = List.copyOf(problems);
    }

    /**
     * The page of a search these fields describe, bound to {@code tenant}.
     *
     * @throws io.logpipe.domain.MalformedRequestException if the cursor is not one this server made
     * @throws InvalidRequestException naming every bad field
     */
    LogQuery toLogQuery(String tenant, QueryWindow window) {
        List<String> errors = new ArrayList<>(problems);
        String cursor = single("cursor", errors);
        PageCursor after = cursor == null ? null : PageCursor.decode(cursor.trim());
        LogFilter filter = filter(tenant, range(window, after, errors), errors);
        SortOrder order = order(errors);
        int limit = limit(errors);
        failIfAny(errors);
        return new LogQuery(filter, order, limit, after);
    }

    /**
     * The histogram these fields describe, bound to {@code tenant}.
     *
     * @throws InvalidRequestException naming every bad field
     */
    HistogramQuery toHistogramQuery(String tenant, QueryWindow window) {
        List<String> errors = new ArrayList<>(problems);
        TimeRange range = range(window, null, errors);
        LogFilter filter = filter(tenant, range, errors);
        Duration interval = interval(range, errors);
        failIfAny(errors);
        return new HistogramQuery(filter, interval);
    }

    /** The range, or null if {@code from} or {@code to} is bad, when resolving it could only add noise. */
    private TimeRange range(QueryWindow window, PageCursor after, List<String> errors) {
        int before = errors.size();
        Instant from = instant("from", errors);
        Instant to = instant("to", errors);
        return errors.size() == before ? window.resolve(from, to, after, errors) : null;
    }

    /** The filter, or null when any problem has been found so far, since a filter cannot hold bad values. */
    private LogFilter filter(String tenant, TimeRange range, List<String> errors) {
        Set<String> services = Set.copyOf(repeated("service", errors));
        Set<Level> levels = EnumSet.noneOf(Level.class);
        for (String name : repeated("level", errors)) {
            Level level = level("level", name, errors);
            if (level != null) {
                levels.add(level);
            }
        }
        Level minLevel = level("min_level", single("min_level", errors), errors);
        Set<String> hosts = Set.copyOf(repeated("host", errors));
        String traceId = single("trace_id", errors);
        TextSearch text = text(errors);
        if (!errors.isEmpty()) {
            return null;
        }
        return new LogFilter(tenant, range, services, levels, minLevel, hosts, traceId, text, attributes);
    }

    /** RFC 3339, or a string of digits: milliseconds since the Unix epoch, as charting tools send them. */
    private Instant instant(String name, List<String> errors) {
        String value = single(name, errors);
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
            if (trimmed.length() <= Long.toString(LATEST_EPOCH_MILLI).length()
                    && Long.parseLong(trimmed) <= LATEST_EPOCH_MILLI) {
                return Instant.ofEpochMilli(Long.parseLong(trimmed));
            }
            errors.add(name + ": milliseconds since 1970 must be at most " + LATEST_EPOCH_MILLI
                    + " (the end of year 9999)");
            return null;
        }
        try {
            return Rfc3339.parse(trimmed);
        } catch (IllegalArgumentException e) {
            errors.add(name + ": " + e.getMessage() + ", or milliseconds since 1970 such as 1795716000000");
            return null;
        }
    }

    private static Level level(String name, String value, List<String> errors) {
        if (value == null) {
            return null;
        }
        try {
            return Level.parse(value);
        } catch (IllegalArgumentException e) {
            errors.add(name + ": " + e.getMessage());
            return null;
        }
    }

    private TextSearch text(List<String> errors) {
        String q = single("q", errors);
        if (q == null) {
            return null;
        }
        try {
            return TextSearch.parse(q);
        } catch (IllegalArgumentException e) {
            errors.add("q: " + e.getMessage());
            return null;
        }
    }

    private SortOrder order(List<String> errors) {
        String order = single("order", errors);
        if (order == null) {
            return SortOrder.DESC;
        }
        try {
            return SortOrder.parse(order);
        } catch (IllegalArgumentException e) {
            errors.add("order: " + e.getMessage());
            return SortOrder.DESC;
        }
    }

    private int limit(List<String> errors) {
        String limit = single("limit", errors);
        if (limit == null) {
            return LogQuery.DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit.trim());
            if (value >= 1 && value <= LogQuery.MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, like an out-of-range number
        }
        errors.add("limit: must be a whole number from 1 to " + LogQuery.MAX_LIMIT);
        return LogQuery.DEFAULT_LIMIT;
    }

    /** The interval named, or the one {@code auto} picks; null, with a problem added if it is bad or the range is. */
    private Duration interval(TimeRange range, List<String> errors) {
        String name = single("interval", errors);
        boolean auto = name == null || name.trim().equalsIgnoreCase(HistogramIntervals.AUTO);
        Duration interval = auto ? null : HistogramIntervals.parse(name.trim());
        if (!auto && interval == null) {
            errors.add("interval: must be one of " + HistogramIntervals.NAMES + "; got '" + Shown.text(name) + "'");
            return null;
        }
        if (range == null) {
            return null;
        }
        if (auto) {
            interval = HistogramQuery.autoInterval(range, HistogramQuery.AUTO_BUCKETS);
        }
        long buckets = HistogramQuery.bucketCount(range, interval);
        if (buckets > HistogramQuery.MAX_BUCKETS) {
            errors.add("interval: " + HistogramIntervals.name(interval) + " makes " + buckets
                    + " buckets over this range, more than " + HistogramQuery.MAX_BUCKETS
                    + "; choose a longer interval, a shorter range, or auto");
            return null;
        }
        return interval;
    }

    /** The values of a repeatable field, each checked as text. */
    private List<String> repeated(String name, List<String> errors) {
        List<String> values = texts(name, errors);
        if (values.size() > LogFilter.MAX_VALUES) {
            errors.add(name + ": at most " + LogFilter.MAX_VALUES + " values; got " + values.size());
            return List.of();
        }
        return values;
    }

    /** The value of a field that may be given once, checked as text, or null. */
    private String single(String name, List<String> errors) {
        List<String> values = texts(name, errors);
        if (values.size() > 1) {
            errors.add(name + ": may be given once; got " + values.size() + " values");
            return null;
        }
        return values.isEmpty() ? null : values.get(0);
    }

    /** Every text is stored text's kin: what cannot be stored cannot be searched for, nor echoed in an error. */
    private List<String> texts(String name, List<String> errors) {
        List<String> values = fields.getOrDefault(name, List.of());
        List<String> storable = new ArrayList<>(values.size());
        for (String value : values) {
            String problem = TextRules.problem(value);
            if (problem == null) {
                storable.add(value);
            } else {
                errors.add(name + ": " + problem);
            }
        }
        return storable;
    }

    private static void failIfAny(List<String> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("invalid query", errors);
        }
    }
}
