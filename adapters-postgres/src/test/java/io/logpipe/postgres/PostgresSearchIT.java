package io.logpipe.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.AttributeMatch;
import io.logpipe.domain.Attributes;
import io.logpipe.domain.Histogram;
import io.logpipe.domain.HistogramQuery;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogFilter;
import io.logpipe.domain.LogPage;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.QueryTimeoutException;
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
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every filter of a search, alone and together, paging in both orders, and histograms, on PostgreSQL. */
class PostgresSearchIT {
    private static final Instant NOON = Instant.parse("2031-06-10T12:00:00Z");
    private static final TimeRange THAT_DAY = TimeRange.between(
            Instant.parse("2031-06-10T00:00:00Z"), Instant.parse("2031-06-11T00:00:00Z"));

    /** PostgreSQL orders uuids by their bytes, unsigned; {@link UUID#compareTo} compares signed longs. */
    private static final Comparator<LogEntry> OLDEST_FIRST = Comparator.comparing(LogEntry::timestamp)
            .thenComparing(LogEntry::id, Comparator
                    .comparing(UUID::getMostSignificantBits, Long::compareUnsigned)
                    .thenComparing(UUID::getLeastSignificantBits, Long::compareUnsigned));

    private final PostgresLogStore store = new PostgresLogStore(TestDatabase.jdbi());
    private final String tenant = TestDatabase.newTenant();
    private int written;

    @Test
    void findsEntriesOfAnyOfSeveralServices() {
        LogEntry api = write(entry().service("api"));
        LogEntry billing = write(entry().service("billing"));
        write(entry().service("checkout"));

        assertThat(search(filter().services("api", "billing"))).containsExactly(billing, api);
        assertThat(search(filter().services("api"))).containsExactly(api);
        assertThat(search(filter().services("bill"))).isEmpty();
    }

    @Test
    void findsEntriesOfTheLevelsAsked() {
        LogEntry warn = write(entry().level(Level.WARN));
        write(entry().level(Level.INFO));
        LogEntry fatal = write(entry().level(Level.FATAL));

        assertThat(search(filter().levels(Level.WARN, Level.FATAL))).containsExactly(fatal, warn);
    }

    @Test
    void findsEntriesAtTheMinimumLevelOrMoreSevere() {
        write(entry().level(Level.DEBUG));
        LogEntry warn = write(entry().level(Level.WARN));
        LogEntry error = write(entry().level(Level.ERROR));
        write(entry().level(Level.INFO));

        assertThat(search(filter().minLevel(Level.WARN))).containsExactly(error, warn);
        assertThat(search(filter().levels(Level.DEBUG, Level.ERROR).minLevel(Level.WARN))).containsExactly(error);
    }

    @Test
    void findsNothingAndCountsNothingWhenLevelsAndMinimumLevelExcludeEachOther() {
        write(entry().level(Level.DEBUG));
        write(entry().level(Level.ERROR));
        SearchFilter contradiction = filter().levels(Level.DEBUG).minLevel(Level.ERROR);

        assertThat(search(contradiction)).isEmpty();
        Histogram histogram = store.histogram(new HistogramQuery(contradiction.build(), Duration.ofHours(1)));
        assertThat(histogram.total()).isZero();
        assertThat(histogram.buckets()).hasSize(24).allSatisfy(bucket -> assertThat(bucket.count()).isZero());
    }

    @Test
    void findsEntriesFromAnyOfSeveralHosts() {
        LogEntry web1 = write(entry().host("web-1"));
        write(entry().host("web-2"));
        write(entry());
        LogEntry web3 = write(entry().host("web-3"));

        assertThat(search(filter().hosts("web-1", "web-3"))).containsExactly(web3, web1);
    }

    @Test
    void findsEveryEntryOfATraceAndNoOther() {
        LogEntry first = write(entry().trace("4bf92f3577b34da6a3ce929d0e0e4736"));
        write(entry().trace("00f067aa0ba902b74bf92f3577b34da6"));
        write(entry());
        LogEntry second = write(entry().trace("4bf92f3577b34da6a3ce929d0e0e4736"));

        assertThat(search(filter().trace("4bf92f3577b34da6a3ce929d0e0e4736"))).containsExactly(second, first);
    }

    @Test
    void findsMessagesHoldingEveryWordInAnyOrderAndAnyCase() {
        LogEntry timeout = write(entry().message("Payment TIMEOUT for order 42"));
        LogEntry reversed = write(entry().message("timeout while confirming the payment"));
        write(entry().message("payment accepted"));
        write(entry().message("timeouts are rare"));

        assertThat(search(filter().text("payment timeout"))).containsExactly(reversed, timeout);
        assertThat(search(filter().text("PAYMENT Timeout order"))).containsExactly(timeout);
    }

    @Test
    void findsWholeWordsOnlyWithoutStemmingOrStopWords() {
        LogEntry running = write(entry().message("job is running"));
        LogEntry run = write(entry().message("the run was slow"));

        assertThat(search(filter().text("run"))).containsExactly(run);
        assertThat(search(filter().text("running"))).containsExactly(running);
        assertThat(search(filter().text("the was"))).containsExactly(run);
        assertThat(search(filter().text("runn"))).isEmpty();
    }

    @Test
    void findsAPhraseOnlyWithItsWordsNextToEachOtherInOrder() {
        LogEntry phrase = write(entry().message("gateway said: Payment Timeout, retrying"));
        write(entry().message("timeout of payment"));
        write(entry().message("payment failed after a timeout"));

        assertThat(search(filter().text("\"payment timeout\""))).containsExactly(phrase);
        assertThat(search(filter().text("retrying \"payment timeout\""))).containsExactly(phrase);
    }

    @Test
    void ignoresSearchTermsThatHoldNoWord() {
        LogEntry timeout = write(entry().message("payment timeout"));
        LogEntry other = write(entry().message("all good"));

        assertThat(search(filter().text("timeout !!!"))).containsExactly(timeout);
        assertThat(search(filter().text("!!! \"--\""))).containsExactly(other, timeout);
    }

    @Test
    void matchesAnAttributeAsANumberOrAsAStringAsAsked() {
        LogEntry number = write(entry().attributes("{\"status\": 500}"));
        LogEntry string = write(entry().attributes("{\"status\": \"500\"}"));
        write(entry().attributes("{\"status\": 200}"));
        write(entry());

        assertThat(search(filter().attribute("status", "500"))).containsExactly(number);
        assertThat(search(filter().attribute("status", "\"500\""))).containsExactly(string);
        assertThat(search(filter().attribute("status", "500", "\"500\""))).containsExactly(string, number);
    }

    @Test
    void matchesANumberByItsValueWhateverItsSpelling() {
        LogEntry written = write(entry().attributes("{\"ratio\": 1.50}"));

        assertThat(search(filter().attribute("ratio", "1.5"))).containsExactly(written);
        assertThat(search(filter().attribute("ratio", "15e-1"))).containsExactly(written);
    }

    @Test
    void matchesAnAttributeAtANestedPathOnly() {
        LogEntry nested = write(entry().attributes("{\"http\": {\"method\": \"GET\", \"status\": 503}}"));
        write(entry().attributes("{\"status\": 503}"));
        write(entry().attributes("{\"http\": {\"response\": {\"status\": 503}}}"));

        assertThat(search(filter().attribute("http.status", "503"))).containsExactly(nested);
    }

    @Test
    void matchesAnArrayThatContainsEveryElementAsked() {
        LogEntry tagged = write(entry().attributes("{\"tags\": [\"eu\", \"canary\", \"beta\"]}"));
        write(entry().attributes("{\"tags\": [\"eu\"]}"));
        write(entry().attributes("{\"tags\": \"canary\"}"));

        assertThat(search(filter().attribute("tags", "[\"beta\", \"canary\"]"))).containsExactly(tagged);
        assertThat(search(filter().attribute("tags", "[\"canary\", \"us\"]"))).isEmpty();
    }

    @Test
    void requiresEveryAttributeMatch() {
        LogEntry both = write(entry().attributes("{\"user\": {\"id\": 7}, \"region\": \"eu\"}"));
        write(entry().attributes("{\"region\": \"eu\", \"user\": {\"id\": 8}}"));
        write(entry().attributes("{\"region\": \"us\", \"user\": {\"id\": 7}}"));

        assertThat(search(filter().attribute("region", "\"eu\"").attribute("user.id", "7"))).containsExactly(both);
    }

    @Test
    void matchesAttributeKeysAndValuesHoldingQuotesAndSqlAsData() {
        LogEntry odd = write(entry().attributes("{\"it's \\\"odd\\\"\": \"x'); DROP TABLE log_entries; --\"}"));

        AttributeMatch match = new AttributeMatch(List.of("it's \"odd\""),
                List.of("\"x'); DROP TABLE log_entries; --\""));
        assertThat(search(filter().attribute(match))).containsExactly(odd);
        assertThat(search(filter().text("x'); DROP TABLE log_entries; --"))).isEmpty();
    }

    @Test
    void requiresEveryFilterAtOnce() {
        LogEntry match = write(entry().service("billing").level(Level.ERROR).host("web-2").trace("t-1")
                .message("card declined by issuer").attributes("{\"http\": {\"status\": 402}}"));
        write(entry().service("api").level(Level.ERROR).host("web-2").trace("t-1")
                .message("card declined by issuer").attributes("{\"http\": {\"status\": 402}}"));
        write(entry().service("billing").level(Level.INFO).host("web-2").trace("t-1")
                .message("card declined by issuer").attributes("{\"http\": {\"status\": 402}}"));
        write(entry().service("billing").level(Level.ERROR).host("web-1").trace("t-1")
                .message("card declined by issuer").attributes("{\"http\": {\"status\": 402}}"));
        write(entry().service("billing").level(Level.ERROR).host("web-2").trace("t-2")
                .message("card declined by issuer").attributes("{\"http\": {\"status\": 402}}"));
        write(entry().service("billing").level(Level.ERROR).host("web-2").trace("t-1")
                .message("card accepted").attributes("{\"http\": {\"status\": 402}}"));
        write(entry().service("billing").level(Level.ERROR).host("web-2").trace("t-1")
                .message("card declined by issuer").attributes("{\"http\": {\"status\": 500}}"));
        write(entry(TestDatabase.newTenant()).service("billing").level(Level.ERROR).host("web-2").trace("t-1")
                .message("card declined by issuer").attributes("{\"http\": {\"status\": 402}}"));

        SearchFilter everything = filter().services("billing", "payments").minLevel(Level.WARN).hosts("web-2")
                .trace("t-1").text("declined \"by issuer\"").attribute("http.status", "402");
        assertThat(search(everything)).containsExactly(match);
        assertThat(store.histogram(new HistogramQuery(everything.build(), Duration.ofDays(1))).total()).isOne();
    }

    @Test
    void returnsOldestFirstWhenAskedAndNewestFirstByDefault() {
        LogEntry early = write(entry().at(NOON.minusSeconds(60)));
        LogEntry late = write(entry().at(NOON.plusSeconds(60)));
        LogEntry middle = write(entry().at(NOON));

        assertThat(store.query(new LogQuery(filter().build(), SortOrder.ASC, 10, null)).entries())
                .containsExactly(early, middle, late);
        assertThat(store.query(LogQuery.newest(filter().build())).entries()).containsExactly(late, middle, early);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SortOrder.class)
    void walksEveryMatchingEntryPageByPageThroughRunsOfEqualTimestamps(SortOrder order) {
        List<LogEntry> matching = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            // Four entries share each timestamp, so pages end inside runs of them; ids on both sides of the sign bit.
            matching.add(write(entry().at(NOON.plusSeconds(i / 4)).service("api")
                    .id(new UUID(i % 2 == 0 ? -1L - i : i, i))));
            write(entry().at(NOON.plusSeconds(i / 4)).service("other"));
        }
        Comparator<LogEntry> expectedOrder = order == SortOrder.ASC ? OLDEST_FIRST : OLDEST_FIRST.reversed();

        for (int pageSize : List.of(1, 3, 4, 11, 12)) {
            LogQuery query = new LogQuery(filter().services("api").build(), order, pageSize, null);
            List<LogPage> pages = new ArrayList<>();
            for (LogPage page = store.query(query); ; page = store.query(query.next(page.nextCursor()))) {
                pages.add(page);
                if (page.next().isEmpty() || pages.size() > 20) {
                    break;
                }
            }

            assertThat(pages.stream().flatMap(page -> page.entries().stream()))
                    .as("pages of %d", pageSize)
                    .containsExactlyElementsOf(matching.stream().sorted(expectedOrder).toList());
            assertThat(pages).as("pages of %d", pageSize).hasSize((matching.size() + pageSize - 1) / pageSize);
        }
    }

    @Test
    void countsEntriesPerBucketWithEmptyBucketsAndOnlyTheRangesPartOfTheFirstAndLast() {
        Instant from = NOON.plusSeconds(30);
        Instant to = NOON.plusSeconds(3 * 60 + 30);
        write(entry().at(NOON.plusSeconds(10)));
        write(entry().at(from));
        write(entry().at(NOON.plusSeconds(59)));
        write(entry().at(NOON.plusSeconds(2 * 60)));
        write(entry().at(NOON.plusSeconds(2 * 60 + 59)));
        write(entry().at(NOON.plusSeconds(2 * 60 + 59)));
        write(entry().at(to.minusNanos(1_000)));
        write(entry().at(to));

        Histogram histogram = store.histogram(
                new HistogramQuery(filter().range(TimeRange.between(from, to)).build(), Duration.ofMinutes(1)));

        assertThat(histogram.interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(histogram.buckets()).containsExactly(
                new Histogram.Bucket(NOON, 2),
                new Histogram.Bucket(NOON.plusSeconds(60), 0),
                new Histogram.Bucket(NOON.plusSeconds(120), 3),
                new Histogram.Bucket(NOON.plusSeconds(180), 1));
        assertThat(histogram.total()).isEqualTo(6);
    }

    @Test
    void countsOnlyTheEntriesTheFilterMatchesInDayBuckets() {
        write(entry().at(NOON).message("payment timeout"));
        write(entry().at(NOON.plus(Duration.ofDays(1))).message("payment timeout"));
        write(entry().at(NOON.plus(Duration.ofDays(1))).message("payment timeout"));
        write(entry().at(NOON.plus(Duration.ofDays(1))).message("payment accepted"));
        TimeRange threeDays = TimeRange.between(THAT_DAY.from(), THAT_DAY.from().plus(Duration.ofDays(3)));

        Histogram histogram = store.histogram(new HistogramQuery(
                filter().range(threeDays).text("timeout").build(), Duration.ofDays(1)));

        assertThat(histogram.buckets()).extracting(Histogram.Bucket::count).containsExactly(1L, 2L, 0L);
        assertThat(histogram.total()).isEqualTo(3);
    }

    @Test
    void cancelsASearchAndAHistogramThatRunPastTheQueryTimeout() {
        try (TestDatabase.IsolatedSchema schema = TestDatabase.isolatedSchema()) {
            PostgresLogStore impatient = new PostgresLogStore(schema.jdbi(), Duration.ofMillis(300));
            LogEntry stored = entry().build();
            impatient.write(List.of(stored));
            LogFilter filter = filter().text("hello").build();

            // Another transaction holds the day's partition, so the search waits for it until its timeout fires.
            try (Handle locker = schema.jdbi().open()) {
                locker.begin();
                String partition = DailyPartitions.partitionName(LocalDate.ofInstant(NOON, ZoneOffset.UTC));
                locker.execute("LOCK TABLE " + partition + " IN ACCESS EXCLUSIVE MODE");

                assertThatThrownBy(() -> impatient.query(LogQuery.newest(filter)))
                        .isInstanceOfSatisfying(QueryTimeoutException.class,
                                timeout -> assertThat(timeout.limit()).isEqualTo(Duration.ofMillis(300)));
                assertThatThrownBy(() -> impatient.histogram(new HistogramQuery(filter, Duration.ofHours(1))))
                        .isInstanceOf(QueryTimeoutException.class);
                locker.rollback();
            }

            assertThat(impatient.query(LogQuery.newest(filter)).entries()).containsExactly(stored);
        }
    }

    @Test
    void reportsAnUnreachableDatabaseAsUnavailableToHistograms() {
        PostgresLogStore unreachable = new PostgresLogStore(TestDatabase.unreachable());

        assertThatThrownBy(() -> unreachable.histogram(new HistogramQuery(filter().build(), Duration.ofHours(1))))
                .isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void refusesAQueryTimeoutShorterThanAMillisecond() {
        assertThatThrownBy(() -> new PostgresLogStore(TestDatabase.jdbi(), Duration.ofNanos(999_999)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private List<LogEntry> search(SearchFilter search) {
        return store.query(new LogQuery(search.build(), SortOrder.DESC, LogQuery.MAX_LIMIT, null)).entries();
    }

    private LogEntry write(EntryBuilder entry) {
        LogEntry built = entry.build();
        store.write(List.of(built));
        return built;
    }

    /** An entry of this test's tenant, each a second after the one before, so newest-first order is plain. */
    private EntryBuilder entry() {
        return entry(tenant);
    }

    private EntryBuilder entry(String owner) {
        return new EntryBuilder(owner, NOON.plusSeconds(written++));
    }

    private SearchFilter filter() {
        return new SearchFilter(tenant, THAT_DAY);
    }

    private static final class EntryBuilder {
        private final String tenant;
        private Instant timestamp;
        private UUID id = UUID.randomUUID();
        private String service = "checkout";
        private Level level = Level.INFO;
        private String message = "hello";
        private String attributes = "{}";
        private String traceId;
        private String host;

        EntryBuilder(String tenant, Instant timestamp) {
            this.tenant = tenant;
            this.timestamp = timestamp;
        }

        EntryBuilder at(Instant value) {
            timestamp = value;
            return this;
        }

        EntryBuilder id(UUID value) {
            id = value;
            return this;
        }

        EntryBuilder service(String value) {
            service = value;
            return this;
        }

        EntryBuilder level(Level value) {
            level = value;
            return this;
        }

        EntryBuilder message(String value) {
            message = value;
            return this;
        }

        /** Spelled as PostgreSQL prints jsonb (sorted keys, its spacing), so entries read back equal as records. */
        EntryBuilder attributes(String json) {
            attributes = json;
            return this;
        }

        EntryBuilder trace(String value) {
            traceId = value;
            return this;
        }

        EntryBuilder host(String value) {
            host = value;
            return this;
        }

        LogEntry build() {
            return new LogEntry(id, tenant, timestamp, timestamp, service, level, message,
                    Attributes.of(attributes), traceId, null, host);
        }
    }
}
