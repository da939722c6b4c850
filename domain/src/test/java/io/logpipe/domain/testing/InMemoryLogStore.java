package io.logpipe.domain.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.domain.AttributeMatch;
import io.logpipe.domain.EntriesRejectedException;
import io.logpipe.domain.Histogram;
import io.logpipe.domain.HistogramQuery;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogFilter;
import io.logpipe.domain.LogPage;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.LogStore;
import io.logpipe.domain.PageCursor;
import io.logpipe.domain.SortOrder;
import io.logpipe.domain.StoreUnavailableException;
import io.logpipe.domain.TextSearch;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * A {@link LogStore} in memory that keeps the port's contract: writes are idempotent on {@code (tenant, timestamp, id)}
 * and all or nothing; queries see only their tenant, apply every filter, order by {@code (timestamp, id)} (ids
 * compared as PostgreSQL does, as unsigned bytes) and page by keyset, with a next cursor whenever more entries match;
 * histograms count exactly.
 *
 * <p>Full-text matching splits messages into runs of letters and digits, in lower case: close to what PostgreSQL's
 * {@code simple} configuration does for plain words, not the same for e-mail addresses, paths or hyphenated words.
 *
 * <p>Records every write call and query, and can be made to fail with {@link #setUnavailable} or
 * {@link #failQueriesWith}. Thread-safe.
 */
public final class InMemoryLogStore implements LogStore {
    /** PostgreSQL compares uuids as unsigned bytes; {@link UUID#compareTo} compares signed longs. */
    private static final Comparator<UUID> AS_POSTGRES = Comparator
            .comparing(UUID::getMostSignificantBits, Long::compareUnsigned)
            .thenComparing(UUID::getLeastSignificantBits, Long::compareUnsigned);
    private static final Comparator<LogEntry> OLDEST_FIRST =
            Comparator.comparing(LogEntry::timestamp).thenComparing(LogEntry::id, AS_POSTGRES);
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Identity(String tenant, Instant timestamp, UUID id) {
    }

    private final Map<Identity, LogEntry> entries = new LinkedHashMap<>();
    private final List<LogQuery> queries = new ArrayList<>();
    private int writeCalls;
    private boolean unavailable;
    private RuntimeException queryFailure;

    /** The code refused writes carry, a PostgreSQL SQLSTATE for invalid text. */
    public static final String REFUSED_CODE = "22021";

    private Predicate<LogEntry> refused = entry -> false;

    @Override
    public synchronized int write(List<LogEntry> batch) {
        writeCalls++;
        if (unavailable) {
            throw new StoreUnavailableException("store down (test)", null);
        }
        if (batch.stream().anyMatch(refused)) {
            throw new EntriesRejectedException("refused by the test", REFUSED_CODE, null);
        }
        int added = 0;
        for (LogEntry entry : batch) {
            if (entries.putIfAbsent(new Identity(entry.tenant(), entry.timestamp(), entry.id()), entry) == null) {
                added++;
            }
        }
        return added;
    }

    @Override
    public synchronized LogPage query(LogQuery query) {
        queries.add(query);
        failIfUnavailable();
        Comparator<LogEntry> order = query.order() == SortOrder.ASC ? OLDEST_FIRST : OLDEST_FIRST.reversed();
        List<LogEntry> matching = entries.values().stream()
                .filter(entry -> matches(query.filter(), entry))
                .filter(entry -> query.after() == null || isPast(entry, query.after(), query.order()))
                .sorted(order)
                .toList();
        List<LogEntry> page = matching.subList(0, Math.min(query.limit(), matching.size()));
        PageCursor next = matching.size() > page.size() ? PageCursor.after(page.get(page.size() - 1), query) : null;
        return new LogPage(page, next);
    }

    @Override
    public synchronized Histogram histogram(HistogramQuery query) {
        failIfUnavailable();
        Map<Instant, Long> counts = new LinkedHashMap<>();
        query.bucketStarts().forEach(start -> counts.put(start, 0L));
        long total = 0;
        for (LogEntry entry : entries.values()) {
            if (matches(query.filter(), entry)) {
                counts.merge(query.bucketStart(entry.timestamp()), 1L, Long::sum);
                total++;
            }
        }
        List<Histogram.Bucket> buckets = counts.entrySet().stream()
                .map(bucket -> new Histogram.Bucket(bucket.getKey(), bucket.getValue()))
                .toList();
        return new Histogram(query.interval(), total, buckets);
    }

    /** Every entry stored, in the order first written. */
    public synchronized List<LogEntry> all() {
        return List.copyOf(entries.values());
    }

    /**
     * From now on, a write holding an entry that matches {@code rule} stores nothing and throws
     * {@link EntriesRejectedException} with code {@value #REFUSED_CODE}, as PostgreSQL refuses a whole batch for one
     * bad row.
     */
    public synchronized void refuse(Predicate<LogEntry> rule) {
        refused = rule;
    }

    /** How many times {@link #write} was called, failed calls included. */
    public synchronized int writeCalls() {
        return writeCalls;
    }

    /** Every query received, as received, failed ones included. */
    public synchronized List<LogQuery> queries() {
        return List.copyOf(queries);
    }

    /**
     * From now on, every query and histogram throws {@code failure}, such as a
     * {@link io.logpipe.domain.QueryTimeoutException}; null ends it.
     */
    public synchronized void failQueriesWith(RuntimeException failure) {
        queryFailure = failure;
    }

    /** While {@code down}, every write and query throws {@link StoreUnavailableException} and changes nothing. */
    public synchronized void setUnavailable(boolean down) {
        unavailable = down;
    }

    private void failIfUnavailable() {
        if (queryFailure != null) {
            throw queryFailure;
        }
        if (unavailable) {
            throw new StoreUnavailableException("store down (test)", null);
        }
    }

    private static boolean matches(LogFilter filter, LogEntry entry) {
        return entry.tenant().equals(filter.tenant())
                && filter.range().contains(entry.timestamp())
                && (filter.services().isEmpty() || filter.services().contains(entry.service()))
                && filter.matchingLevels().contains(entry.level())
                && (filter.hosts().isEmpty() || filter.hosts().contains(entry.host()))
                && (filter.traceId() == null || filter.traceId().equals(entry.traceId()))
                && (filter.text() == null || containsText(entry.message(), filter.text()))
                && filter.attributes().stream().allMatch(match -> hasAttribute(entry, match));
    }

    private static boolean containsText(String message, TextSearch search) {
        List<String> words = words(message);
        return search.words().stream().allMatch(word -> Collections.indexOfSubList(words, words(word)) >= 0)
                && search.phrases().stream().allMatch(phrase -> Collections.indexOfSubList(words, words(phrase)) >= 0);
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(word -> !word.isEmpty())
                .toList();
    }

    private static boolean hasAttribute(LogEntry entry, AttributeMatch match) {
        JsonNode node = parse(entry.attributes().json());
        for (String key : match.path()) {
            node = node.isObject() ? node.get(key) : null;
            if (node == null) {
                return false;
            }
        }
        JsonNode actual = node;
        return match.values().stream().map(InMemoryLogStore::parse).anyMatch(wanted -> contains(actual, wanted));
    }

    /** jsonb's {@code @>} for scalars and arrays: equal scalars; every wanted element somewhere in the array. */
    private static boolean contains(JsonNode actual, JsonNode wanted) {
        if (wanted.isArray()) {
            if (!actual.isArray()) {
                return false;
            }
            for (JsonNode element : wanted) {
                boolean found = false;
                for (JsonNode candidate : actual) {
                    found |= contains(candidate, element);
                }
                if (!found) {
                    return false;
                }
            }
            return true;
        }
        if (wanted.isNumber() && actual.isNumber()) {
            return wanted.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        return wanted.equals(actual);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isPast(LogEntry entry, PageCursor cursor, SortOrder order) {
        int byTime = entry.timestamp().compareTo(cursor.timestamp());
        int compared = byTime != 0 ? byTime : AS_POSTGRES.compare(entry.id(), cursor.id());
        return order == SortOrder.ASC ? compared > 0 : compared < 0;
    }
}
