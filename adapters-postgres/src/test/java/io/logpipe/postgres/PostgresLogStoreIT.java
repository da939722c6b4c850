package io.logpipe.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.domain.Attributes;
import io.logpipe.domain.EntriesRejectedException;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogFilter;
import io.logpipe.domain.LogPage;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.PageCursor;
import io.logpipe.domain.SortOrder;
import io.logpipe.domain.StoreUnavailableException;
import io.logpipe.domain.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresLogStoreIT {
    private static final Instant NOON = Instant.parse("2031-05-01T12:00:00Z");
    /** Every entry these tests write lies in it. */
    private static final TimeRange ALL_TIME = TimeRange.between(
            Instant.parse("2031-01-01T00:00:00Z"), Instant.parse("2033-01-01T00:00:00Z"));

    /** PostgreSQL orders uuids by their bytes, unsigned; {@link UUID#compareTo} compares signed longs. */
    private static final Comparator<UUID> POSTGRES_UUID_ORDER = (a, b) -> {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    };
    private static final Comparator<LogEntry> NEWEST_FIRST = Comparator.comparing(LogEntry::timestamp)
            .thenComparing(LogEntry::id, POSTGRES_UUID_ORDER)
            .reversed();

    /** Reads fractions as BigDecimal, so a comparison sees every digit rather than the nearest double. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** Numbers are equal when their values are ({@code 1e2} and {@code 100}, {@code 1.50} and {@code 1.5}). */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue())
            : a.equals(b) ? 0 : 1;

    /**
     * Compares entries field by field, and their attributes as JSON values: PostgreSQL gives back its own spelling of
     * the text (key order, spacing, escapes, exponents), not the one written.
     */
    private static final RecursiveComparisonConfiguration ATTRIBUTES_AS_JSON_VALUES =
            RecursiveComparisonConfiguration.builder()
                    .withEqualsForType(PostgresLogStoreIT::sameJsonValue, Attributes.class)
                    .build();

    private final PostgresLogStore store = new PostgresLogStore(TestDatabase.jdbi());
    private final String tenant = TestDatabase.newTenant();

    @Test
    void readsBackAnEntryWithEveryFieldAsWritten() {
        Attributes attributes = Attributes.of("""
                {"user":{"id":42,"roles":["admin","ops"],"visits":12345678901},"ok":true,"ratio":0.25,\
                "missing":null,"note":"say \\"hi\\" \\\\ ü 🚀"}""");
        LogEntry full = new LogEntry(UUID.randomUUID(), tenant,
                Instant.parse("2031-05-01T10:15:30.123456Z"), Instant.parse("2031-05-01T10:15:31.654321Z"),
                "checkout", Level.FATAL, "payment failed: 'card' \"declined\"", attributes,
                "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "web-1");
        LogEntry bare = new LogEntry(UUID.randomUUID(), tenant,
                Instant.parse("2031-05-01T10:15:30.000001Z"), Instant.parse("2031-05-01T10:15:30.000002Z"),
                "checkout", Level.TRACE, "", null, null, null, null);

        assertThat(store.write(List.of(full, bare))).isEqualTo(2);

        assertThat(allEntries()).usingRecursiveFieldByFieldElementComparator(ATTRIBUTES_AS_JSON_VALUES)
                .containsExactly(full, bare);
    }

    @Test
    void readsBackAttributeNumbersAndStringsWithTheirExactValues() {
        String written = """
                {"big":123456789012345678901234567890,"negative":-98765432109876543210.5,"tenth":0.1,"price":1.50,\
                "long":0.1000000000000000000000000001,"exponent":1e2,"tiny":2.5E-30,\
                "escaped":"tab\\t quote\\" backslash\\\\ slash\\/ e\\u00e9 rocket\\ud83d\\ude80",\
                "unicode":"ü 🚀 日本","nested":[{"deep":[1.0,-0.5,12345678901234567890]}]}""";
        LogEntry entry = new LogEntry(UUID.randomUUID(), tenant, NOON, NOON, "checkout", Level.INFO, "numbers",
                Attributes.of(written), null, null, null);

        store.write(List.of(entry));

        String read = allEntries().get(0).attributes().json();
        assertThat(sameJsonValue(read, written)).as("%s reads back as the same JSON value as %s", read, written)
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"order": }             | 22P02
            {"order": 1} {}         | 22P02
            {"order": "\\ud800"}    | 22P02
            {"order": "\\u0000"}    | 22P05
            {"order": 1e200000}     | 22003
            """)
    void refusesAttributesPostgresCannotParseWithTheirSqlStateAndStoresNoneOfTheBatch(String json, String sqlState) {
        LogEntry fine = entry(NOON);
        LogEntry unparsable = new LogEntry(UUID.randomUUID(), tenant, NOON, NOON, "checkout", Level.INFO, "bad",
                Attributes.of(json), null, null, null);

        assertThatThrownBy(() -> store.write(List.of(fine, unparsable)))
                .isInstanceOfSatisfying(EntriesRejectedException.class,
                        refused -> assertThat(refused.code()).isEqualTo(sqlState))
                .hasMessageContaining("SQLSTATE " + sqlState);
        assertThat(allEntries()).isEmpty();
    }

    @Test
    void storesARedeliveredBatchOnlyOnce() {
        List<LogEntry> batch = List.of(entry(NOON), entry(NOON.plusSeconds(1)), entry(NOON.plusSeconds(2)));

        assertThat(store.write(batch)).isEqualTo(3);
        assertThat(store.write(batch)).isZero();

        assertThat(allEntries()).containsExactlyInAnyOrderElementsOf(batch);
    }

    @Test
    void countsOnlyTheNewEntriesOfAPartlyStoredBatch() {
        LogEntry stored = entry(NOON);
        store.write(List.of(stored));

        assertThat(store.write(List.of(stored, entry(NOON), stored))).isEqualTo(1);
        assertThat(allEntries()).hasSize(2);
    }

    @Test
    void storesAnEntryThatANewBatchHoldsTwiceOnce() {
        LogEntry twice = entry(NOON);

        assertThat(store.write(List.of(twice, entry(NOON), twice))).isEqualTo(2);
        assertThat(allEntries()).hasSize(2);
    }

    @Test
    void storesTheSameIdOnceForEachTenant() {
        String otherTenant = TestDatabase.newTenant();
        LogEntry mine = entry(NOON);
        LogEntry theirs = new LogEntry(mine.id(), otherTenant, mine.timestamp(), mine.receivedAt(), "other",
                Level.INFO, "theirs", Attributes.none(), null, null, null);

        assertThat(store.write(List.of(mine, theirs))).isEqualTo(2);

        assertThat(allEntries()).containsExactly(mine);
        assertThat(store.query(firstPage(otherTenant, 10)).entries()).containsExactly(theirs);
    }

    @Test
    void storesTheSameIdAtTwoTimestampsAsTwoEntries() {
        LogEntry first = entry(NOON);
        LogEntry second = new LogEntry(first.id(), tenant, NOON.plusSeconds(1), NOON, "checkout", Level.INFO,
                "second", Attributes.none(), null, null, null);

        assertThat(store.write(List.of(first, second))).isEqualTo(2);
    }

    @Test
    void writesNothingAndReturnsZeroForAnEmptyBatch() {
        PostgresLogStore unreachable = new PostgresLogStore(TestDatabase.unreachable());

        assertThat(unreachable.write(List.of())).isZero();
    }

    @Test
    void putsEachEntryInThePartitionOfItsUtcDay() {
        LogEntry lastMicrosecondOfDay = entry(Instant.parse("2031-05-01T23:59:59.999999Z"));
        LogEntry midnight = entry(Instant.parse("2031-05-02T00:00:00Z"));
        LogEntry dayAfter = entry(Instant.parse("2031-05-03T08:30:00Z"));

        assertThat(store.write(List.of(dayAfter, lastMicrosecondOfDay, midnight))).isEqualTo(3);

        List<Map.Entry<UUID, String>> partitions = TestDatabase.jdbi().withHandle(handle -> handle.createQuery("""
                        SELECT e.id, c.relname
                        FROM log_entries e JOIN pg_class c ON c.oid = e.tableoid
                        WHERE e.tenant = :tenant
                        """)
                .bind("tenant", tenant)
                .map((rs, ctx) -> Map.entry(rs.getObject("id", UUID.class), rs.getString("relname")))
                .list());
        assertThat(partitions).containsExactlyInAnyOrder(
                Map.entry(lastMicrosecondOfDay.id(), "log_entries_20310501"),
                Map.entry(midnight.id(), "log_entries_20310502"),
                Map.entry(dayAfter.id(), "log_entries_20310503"));
    }

    @Test
    void filtersByServiceAndLevel() {
        LogEntry apiInfo = entry(NOON, "api", Level.INFO);
        LogEntry apiError = entry(NOON.plusSeconds(1), "api", Level.ERROR);
        LogEntry billingError = entry(NOON.plusSeconds(2), "billing", Level.ERROR);
        LogEntry billingWarn = entry(NOON.plusSeconds(3), "billing", Level.WARN);
        store.write(List.of(apiInfo, apiError, billingError, billingWarn));

        assertThat(query(ALL_TIME, "api", null)).containsExactly(apiError, apiInfo);
        assertThat(query(ALL_TIME, null, Level.ERROR)).containsExactly(billingError, apiError);
        assertThat(query(ALL_TIME, "billing", Level.ERROR)).containsExactly(billingError);
        assertThat(query(ALL_TIME, "bill", null)).isEmpty();
    }

    @Test
    void filtersByAHalfOpenTimeRange() {
        LogEntry before = entry(NOON.minusNanos(1_000));
        LogEntry atFrom = entry(NOON);
        LogEntry inside = entry(NOON.plusSeconds(30));
        LogEntry atTo = entry(NOON.plusSeconds(60));
        store.write(List.of(before, atFrom, inside, atTo));

        assertThat(query(TimeRange.between(NOON, NOON.plusSeconds(60)), null, null)).containsExactly(inside, atFrom);
        assertThat(query(TimeRange.between(NOON.plusSeconds(1), ALL_TIME.to()), null, null))
                .containsExactly(atTo, inside);
        assertThat(query(TimeRange.between(ALL_TIME.from(), NOON), null, null)).containsExactly(before);
    }

    @Test
    void neverReturnsAnotherTenantsEntries() {
        String otherTenant = TestDatabase.newTenant();
        LogEntry mine = entry(NOON, "api", Level.ERROR);
        store.write(List.of(mine, entry(otherTenant, NOON.plusSeconds(1), "api", Level.ERROR),
                entry(otherTenant, NOON.minusSeconds(1), "api", Level.ERROR)));

        assertThat(query(ALL_TIME, null, null)).containsExactly(mine);
        assertThat(query(TimeRange.between(NOON.minusSeconds(5), NOON.plusSeconds(5)), "api", Level.ERROR))
                .containsExactly(mine);
    }

    @ParameterizedTest(name = "{0} per page")
    @ValueSource(ints = {1, 4, 5, 12, 13})
    void walksEveryEntryNewestFirstPageByPage(int pageSize) {
        List<LogEntry> entries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            // Three entries share each timestamp, so pages also end inside a run of equal timestamps.
            entries.add(entry(NOON.minusSeconds(i / 3)));
        }
        // Equal timestamps, and ids on either side of the sign bit, where signed and unsigned order disagree.
        entries.add(entry(NOON, UUID.fromString("7fffffff-ffff-4fff-bfff-ffffffffffff")));
        entries.add(entry(NOON, UUID.fromString("80000000-0000-4000-8000-000000000000")));
        store.write(entries);

        List<LogPage> pages = walk(pageSize);

        assertThat(pages.stream().flatMap(page -> page.entries().stream()).toList())
                .containsExactlyElementsOf(entries.stream().sorted(NEWEST_FIRST).toList());
        assertThat(pages).hasSize((entries.size() + pageSize - 1) / pageSize);
        assertThat(pages.get(pages.size() - 1).next()).isEmpty();
    }

    @Test
    void keepsLaterPagesInPlaceWhenNewerEntriesArrive() {
        List<LogEntry> entries = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            entries.add(entry(NOON.minusSeconds(i)));
        }
        store.write(entries);
        List<LogEntry> expected = entries.stream().sorted(NEWEST_FIRST).toList();
        LogPage first = store.query(firstPage(tenant, 3));
        PageCursor cursor = first.next().orElseThrow();

        store.write(List.of(
                entry(NOON.plusSeconds(10)),
                entry(cursor.timestamp(), new UUID(-1L, -1L))));

        List<LogEntry> rest = new ArrayList<>();
        for (LogPage page = next(cursor, 3); ; page = next(page.nextCursor(), 3)) {
            rest.addAll(page.entries());
            if (page.next().isEmpty()) {
                break;
            }
        }
        assertThat(first.entries()).containsExactlyElementsOf(expected.subList(0, 3));
        assertThat(rest).containsExactlyElementsOf(expected.subList(3, 9));
    }

    @Test
    void reportsAnUnreachableDatabaseAsUnavailable() {
        PostgresLogStore unreachable = new PostgresLogStore(TestDatabase.unreachable());

        assertThatThrownBy(() -> unreachable.write(List.of(entry(NOON))))
                .isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> unreachable.query(firstPage(tenant, 10)))
                .isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void refusesABatchPostgresCanNeverStoreWithItsSqlStateAndStoresNoneOfIt() {
        LogEntry fine = entry(NOON);
        LogEntry withNulCharacter = new LogEntry(UUID.randomUUID(), tenant, NOON, NOON, "checkout", Level.INFO,
                "a\u0000b", Attributes.none(), null, null, null);

        assertThatThrownBy(() -> store.write(List.of(fine, withNulCharacter)))
                .isInstanceOfSatisfying(EntriesRejectedException.class,
                        refused -> assertThat(refused.code()).isEqualTo("22021"))
                .hasMessageContaining("SQLSTATE")
                // PostgreSQL's own words, so whoever reads the dead letter knows what to fix
                .hasMessageContaining("0x00");
        assertThat(allEntries()).isEmpty();
    }

    @Test
    void createsADaysPartitionOnceWhenWorkersRaceToWriteItsFirstEntries() throws Exception {
        int workers = 4;
        try (TestDatabase.IsolatedSchema schema = TestDatabase.isolatedSchema()) {
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            try {
                for (int round = 0; round < 5; round++) {
                    Instant day = LocalDate.of(2032, 1, 1).plusDays(round).atStartOfDay(ZoneOffset.UTC).toInstant();
                    CountDownLatch start = new CountDownLatch(1);
                    List<Future<Integer>> writes = new ArrayList<>();
                    for (int worker = 0; worker < workers; worker++) {
                        // A store per worker, as in separate processes: none knows the partition exists yet.
                        PostgresLogStore workerStore = new PostgresLogStore(schema.jdbi());
                        LogEntry entry = entry(day.plus(Duration.ofMinutes(worker)));
                        Callable<Integer> write = () -> {
                            start.await();
                            return workerStore.write(List.of(entry));
                        };
                        writes.add(pool.submit(write));
                    }
                    start.countDown();
                    for (Future<Integer> write : writes) {
                        assertThat(write.get()).isEqualTo(1);
                    }
                    LogQuery wholeDay = LogQuery.newest(
                            LogFilter.of(tenant, TimeRange.between(day, day.plus(Duration.ofDays(1)))));
                    assertThat(new PostgresLogStore(schema.jdbi()).query(wholeDay).entries()).hasSize(workers);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void createsTheNextDaysPartitionsAheadOfTheFirstWriteThatNeedsThem() {
        try (TestDatabase.IsolatedSchema schema = TestDatabase.isolatedSchema()) {
            PostgresLogStore isolated = new PostgresLogStore(schema.jdbi());

            isolated.createPartitionsAhead(java.time.LocalDate.parse("2032-02-28"), 2);
            isolated.createPartitionsAhead(java.time.LocalDate.parse("2032-02-28"), 2);

            List<String> partitions = schema.jdbi().withHandle(handle -> handle.createQuery("""
                            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                            WHERE i.inhparent = 'log_entries'::regclass ORDER BY c.relname
                            """).mapTo(String.class).list());
            assertThat(partitions).containsExactly(
                    "log_entries_20320228", "log_entries_20320229", "log_entries_20320301");
        }
    }

    @Test
    void recreatesAPartitionDroppedAfterItWasFirstUsed() {
        try (TestDatabase.IsolatedSchema schema = TestDatabase.isolatedSchema()) {
            PostgresLogStore isolated = new PostgresLogStore(schema.jdbi());
            isolated.write(List.of(entry(NOON)));
            schema.jdbi().useHandle(handle -> handle.execute("DROP TABLE log_entries_20310501"));
            LogEntry afterDrop = entry(NOON.plusSeconds(1));

            assertThat(isolated.write(List.of(afterDrop))).isEqualTo(1);
            assertThat(isolated.query(firstPage(tenant, 10)).entries()).containsExactly(afterDrop);
        }
    }

    private List<LogPage> walk(int pageSize) {
        List<LogPage> pages = new ArrayList<>();
        LogPage page = store.query(firstPage(tenant, pageSize));
        pages.add(page);
        while (page.next().isPresent() && pages.size() < 100) {
            page = next(page.nextCursor(), pageSize);
            pages.add(page);
        }
        return pages;
    }

    private LogPage next(PageCursor cursor, int pageSize) {
        return store.query(firstPage(tenant, pageSize).next(cursor));
    }

    private List<LogEntry> allEntries() {
        return store.query(firstPage(tenant, LogQuery.MAX_LIMIT)).entries();
    }

    private List<LogEntry> query(TimeRange range, String service, Level level) {
        LogFilter filter = new LogFilter(tenant, range, service == null ? Set.of() : Set.of(service),
                level == null ? Set.of() : Set.of(level), null, Set.of(), null, null, List.of());
        return store.query(new LogQuery(filter, SortOrder.DESC, LogQuery.MAX_LIMIT, null)).entries();
    }

    private static LogQuery firstPage(String tenant, int limit) {
        return new LogQuery(LogFilter.of(tenant, ALL_TIME), SortOrder.DESC, limit, null);
    }

    private LogEntry entry(Instant timestamp) {
        return entry(timestamp, UUID.randomUUID());
    }

    // The attributes are spelled as PostgreSQL prints them, so these entries read back equal as records.
    private LogEntry entry(Instant timestamp, UUID id) {
        return new LogEntry(id, tenant, timestamp, timestamp.plusMillis(3), "checkout", Level.INFO, "paid",
                Attributes.of("{\"order\": 17}"), null, null, null);
    }

    private LogEntry entry(Instant timestamp, String service, Level level) {
        return entry(tenant, timestamp, service, level);
    }

    private static LogEntry entry(String tenant, Instant timestamp, String service, Level level) {
        return new LogEntry(UUID.randomUUID(), tenant, timestamp, timestamp, service, level, service + " " + level,
                Attributes.none(), null, null, null);
    }

    private static boolean sameJsonValue(Attributes a, Attributes b) {
        return sameJsonValue(a.json(), b.json());
    }

    private static boolean sameJsonValue(String a, String b) {
        try {
            return JSON.readTree(a).equals(NUMBERS_BY_VALUE, JSON.readTree(b));
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + a + " or " + b, e);
        }
    }
}
