package io.logpipe.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.domain.HistogramQuery;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.PageCursor;
import io.logpipe.domain.SortOrder;
import io.logpipe.domain.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves on a realistic table that every shape of search reads only the days its range covers, and reads them
 * through an index: PostgreSQL's plans for exactly the statements and values the store runs.
 *
 * <p>The fixture is three days of entries of eight tenants, their services, levels, hosts, traces, messages and
 * attributes spread as in a real store, with an empty day on either side, analyzed as autovacuum would.
 */
class SearchPlansIT {
    private static final int ROWS = 200_000;
    private static final Instant DAY_ONE = Instant.parse("2031-03-01T00:00:00Z");
    private static final String TENANT = "tenant-3";

    /**
     * Row {@code i} lies at {@code i / ROWS} of the way through the three days. Tenants go by groups of five rows, so
     * that the entries of a trace share one; the other properties are spread by independent hashes of {@code i}.
     */
    private static final String FIXTURE = """
            INSERT INTO log_entries
                (tenant, id, timestamp, received_at, service, level, message, attributes, trace_id, span_id, host)
            SELECT 'tenant-' || abs(hashint4(i / 5)) % 8, md5(i::text)::uuid, t, t,
                   'svc-' || abs(hashint4(i + 1)) % 12,
                   CASE WHEN r < 15 THEN 'trace' WHEN r < 150 THEN 'debug' WHEN r < 850 THEN 'info'
                        WHEN r < 930 THEN 'warn' WHEN r < 995 THEN 'error' ELSE 'fatal' END,
                   CASE abs(hashint4(i + 2)) % 6
                     WHEN 0 THEN 'GET /api/orders/' || i || ' returned ' || status || ' in ' || i % 900 || ' ms'
                     WHEN 1 THEN 'user ' || i % 5000 || ' logged in from host-' || i % 40
                     WHEN 2 THEN 'payment timeout for order ' || i || ' after ' || i % 30 || ' retries'
                     WHEN 3 THEN 'cache miss for key session:' || i % 20000
                     WHEN 4 THEN 'connection reset by peer while calling billing'
                     ELSE 'timeout waiting for payment confirmation of order ' || i
                   END,
                   jsonb_build_object(
                       'http', jsonb_build_object('status', status, 'method', (ARRAY['GET', 'POST', 'PUT'])[i % 3 + 1]),
                       'user_id', i % 5000,
                       'region', (ARRAY['eu-west', 'us-east', 'ap-south'])[i % 3 + 1],
                       'tags', jsonb_build_array('t' || i % 10, 't' || i % 7 + 10)),
                   CASE WHEN i % 10 < 6 THEN md5('trace' || i / 5) END,
                   CASE WHEN i % 10 < 6 THEN substr(md5('span' || i), 1, 16) END,
                   'host-' || i * 31 % 40
            FROM (SELECT i, :dayOne + (i * interval '3 days') / :rows AS t, abs(hashint4(i + 3)) % 1000 AS r,
                         (ARRAY[200, 200, 200, 200, 200, 201, 204, 302, 404, 500])[i % 10 + 1] AS status
                  FROM generate_series(0, :rows - 1) AS i) AS rows
            """;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestDatabase.IsolatedSchema schema;
    private static String traceId;

    @BeforeAll
    static void loadThreeDaysOfEntries() {
        schema = TestDatabase.isolatedSchema();
        new PostgresLogStore(schema.jdbi()).createPartitionsAhead(LocalDate.parse("2031-02-28"), 4);
        schema.jdbi().useHandle(handle -> {
            handle.createUpdate(FIXTURE).bind("dayOne", Utc.of(DAY_ONE)).bind("rows", ROWS).execute();
            handle.execute("ANALYZE log_entries");
            traceId = handle.createQuery("""
                            SELECT trace_id FROM log_entries
                            WHERE tenant = :tenant AND trace_id IS NOT NULL AND timestamp >= :from
                            ORDER BY timestamp LIMIT 1
                            """)
                    .bind("tenant", TENANT).bind("from", Utc.of(DAY_ONE.plus(Duration.ofHours(40))))
                    .mapTo(String.class).one();
        });
    }

    @AfterAll
    static void dropFixture() {
        if (schema != null) {
            schema.close();
        }
    }

    /** A search as the store runs it, the range of days it may read, and the index it should pick, if one must. */
    record Shape(String name, Function<Handle, SearchStatement> statement, TimeRange reads, String index) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Shape> shapes() {
        TimeRange hour = range("2031-03-02T10:00:00Z", Duration.ofHours(1));
        TimeRange day = range("2031-03-01T12:00:00Z", Duration.ofDays(1));
        TimeRange allDays = range("2031-03-01T00:00:00Z", Duration.ofDays(3));
        List<Shape> shapes = new ArrayList<>();
        shapes.add(page("tenant, 1 h", filter(hour), hour, "pkey"));
        shapes.add(page("tenant, service, 1 h", filter(hour).services("svc-4"), hour, null));
        shapes.add(page("tenant, 3 services, 24 h", filter(day).services("svc-1", "svc-2", "svc-7"), day, null));
        shapes.add(page("tenant, levels, 24 h", filter(day).levels(Level.ERROR, Level.FATAL), day, null));
        shapes.add(page("tenant, min level, 24 h", filter(day).minLevel(Level.WARN), day, null));
        shapes.add(page("tenant, 2 hosts, 24 h", filter(day).hosts("host-3", "host-17"), day, null));
        shapes.add(page("tenant, trace, 3 days", filter(allDays).trace(traceId), allDays, "trace_id"));
        shapes.add(page("tenant, common words, 24 h", filter(day).text("reset billing"), day, null));
        shapes.add(page("tenant, rare word, 24 h", filter(day).text("session:12345"), day, "to_tsvector"));
        shapes.add(page("tenant, phrase, 24 h", filter(day).text("\"payment timeout for order 100042\""), day,
                "to_tsvector"));
        shapes.add(page("tenant, attribute, 24 h", filter(day).attribute(List.of("user_id"), "4242"), day,
                "attributes"));
        shapes.add(page("tenant, nested attribute, 24 h",
                filter(day).attribute(List.of("http", "status"), "500", "\"500\""), day, null));
        shapes.add(page("tenant, array attribute and another, 24 h", filter(day)
                .attribute(List.of("tags"), "[\"t3\", \"t14\"]").attribute(List.of("user_id"), "4243"), day,
                "attributes"));
        shapes.add(page("tenant, everything, 3 days", filter(allDays).services("svc-1", "svc-2")
                .minLevel(Level.INFO).hosts("host-9").text("timeout payment")
                .attribute(List.of("region"), "\"eu-west\""), allDays, null));
        Instant cursorTime = Instant.parse("2031-03-02T10:00:00Z");
        shapes.add(nextPage("cursor page, newest first", filter(allDays), SortOrder.DESC, cursorTime,
                TimeRange.between(allDays.from(), cursorTime.plusNanos(1_000))));
        shapes.add(nextPage("cursor page, oldest first", filter(allDays), SortOrder.ASC, cursorTime,
                TimeRange.between(cursorTime, allDays.to())));
        shapes.add(histogram("histogram, tenant, 24 h", filter(day), Duration.ofHours(1), day));
        shapes.add(histogram("histogram, tenant, levels, 3 days", filter(allDays).levels(Level.ERROR),
                Duration.ofHours(1), allDays));
        shapes.add(histogram("histogram, rare word, 24 h", filter(day).text("session:777"), Duration.ofMinutes(1),
                day));
        return shapes.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void readsOnlyTheDaysOfItsRangeAndEachThroughAnIndex(Shape shape) throws Exception {
        String explained = schema.jdbi().withHandle(handle -> {
            SearchStatement statement = shape.statement().apply(handle);
            return handle.createQuery("EXPLAIN (FORMAT JSON) " + statement.sql())
                    .bindMap(statement.values())
                    .mapTo(String.class)
                    .one();
        });
        JsonNode plan = JSON.readTree(explained);
        List<JsonNode> nodes = new ArrayList<>();
        collect(plan.get(0).get("Plan"), nodes);
        List<JsonNode> partitionScans = nodes.stream()
                .filter(node -> node.path("Relation Name").asText().startsWith("log_entries"))
                .toList();
        Set<String> indexes = new TreeSet<>();
        nodes.forEach(node -> indexes.add(node.path("Index Name").asText()));

        assertThat(partitionScans).as("plan %s", plan.toPrettyString())
                .extracting(node -> node.get("Node Type").asText())
                .isNotEmpty()
                .allMatch(type -> type.equals("Index Scan") || type.equals("Index Only Scan")
                        || type.equals("Bitmap Heap Scan"));
        assertThat(partitionScans).as("plan %s", plan.toPrettyString())
                .extracting(node -> node.get("Relation Name").asText())
                .containsExactlyInAnyOrderElementsOf(partitionsOf(shape.reads()));
        if (shape.index() != null) {
            assertThat(indexes).as("plan %s", plan.toPrettyString())
                    .anyMatch(index -> index.contains(shape.index()));
        }
    }

    private static Shape page(String name, SearchFilter search, TimeRange reads, String index) {
        LogQuery query = new LogQuery(search.build(), SortOrder.DESC, LogQuery.DEFAULT_LIMIT, null);
        return new Shape(name, handle -> pageStatement(handle, query), reads, index);
    }

    private static Shape nextPage(String name, SearchFilter search, SortOrder order, Instant after, TimeRange reads) {
        LogQuery first = new LogQuery(search.build(), order, LogQuery.DEFAULT_LIMIT, null);
        LogEntry last = new LogEntry(new UUID(0x7fffL, 1L), TENANT, after, after, "svc-1", Level.INFO, "",
                null, null, null, null);
        LogQuery next = first.next(PageCursor.after(last, first));
        return new Shape(name, handle -> pageStatement(handle, next), reads, "pkey");
    }

    private static Shape histogram(String name, SearchFilter search, Duration interval, TimeRange reads) {
        HistogramQuery query = new HistogramQuery(search.build(), interval);
        return new Shape(name, handle -> LogEntryHistogramQuery.statement(handle, query).orElseThrow(), reads, null);
    }

    private static SearchStatement pageStatement(Handle handle, LogQuery query) {
        return LogEntryPageQuery.statement(handle, query, query.limit() + 1).orElseThrow();
    }

    /** The partitions holding some instant of {@code range}: the days from its start to its last microsecond. */
    private static List<String> partitionsOf(TimeRange range) {
        List<String> names = new ArrayList<>();
        LocalDate last = LocalDate.ofInstant(range.to().minusNanos(1_000), ZoneOffset.UTC);
        for (LocalDate day = LocalDate.ofInstant(range.from(), ZoneOffset.UTC); !day.isAfter(last);
                day = day.plusDays(1)) {
            names.add(DailyPartitions.partitionName(day));
        }
        return names;
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        into.add(node);
        node.path("Plans").forEach(child -> collect(child, into));
    }

    private static TimeRange range(String from, Duration span) {
        Instant start = Instant.parse(from);
        return TimeRange.between(start, start.plus(span));
    }

    private static SearchFilter filter(TimeRange range) {
        return new SearchFilter(TENANT, range);
    }
}
