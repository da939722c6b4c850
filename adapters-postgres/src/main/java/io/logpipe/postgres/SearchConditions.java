package io.logpipe.postgres;

import io.logpipe.domain.AttributeMatch;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogFilter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The {@code WHERE} clause a {@link LogFilter} becomes, shared by pages and histograms.
 *
 * <p>The clause holds a condition only for each filter that is set, rather than one fixed statement with
 * {@code (:x IS NULL OR ...)} guards: a plan made for such a statement can neither prune partitions nor pick an index.
 * Every condition is a fixed fragment and every value is bound, so no input reaches the SQL text. The range is always
 * bounded, and bounds {@code timestamp} directly, which is what lets the planner skip the days outside it.
 */
final class SearchConditions {
    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> values = new LinkedHashMap<>();

    private SearchConditions() {
    }

    /**
     * The conditions of {@code filter}, or empty when no entry can match it (its levels and minimum level exclude
     * each other), so there is nothing to ask the database.
     *
     * @param handle where to ask PostgreSQL which words a text search holds, see {@link MessageWords}
     */
    static Optional<SearchConditions> of(Handle handle, LogFilter filter) {
        if (filter.matchingLevels().isEmpty()) {
            return Optional.empty();
        }
        SearchConditions where = new SearchConditions();
        where.add("tenant = :tenant", "tenant", filter.tenant());
        where.add("timestamp >= :from", "from", Utc.of(filter.range().from()));
        where.add("timestamp < :to", "to", Utc.of(filter.range().to()));
        where.anyOf("service", "services", filter.services());
        if (filter.filtersLevel()) {
            where.anyOf("level", "levels", filter.matchingLevels().stream().map(Level::wireName).toList());
        }
        where.anyOf("host", "hosts", filter.hosts());
        if (filter.traceId() != null) {
            where.add("trace_id = :traceId", "traceId", filter.traceId());
        }
        if (filter.text() != null) {
            MessageWords words = MessageWords.of(filter.text());
            if (words.findsWords(handle)) {
                where.add(words.condition());
                words.values().forEach(where::bind);
            }
        }
        for (int i = 0; i < filter.attributes().size(); i++) {
            where.attribute("attr" + i, filter.attributes().get(i));
        }
        return Optional.of(where);
    }

    /** Adds a condition of the caller's own, such as a page's keyset bound; {@link #bind} its values. */
    void add(String condition) {
        conditions.add(condition);
    }

    void bind(String name, Object value) {
        values.put(name, value);
    }

    private void add(String condition, String name, Object value) {
        add(condition);
        bind(name, value);
    }

    String whereClause() {
        return "WHERE " + String.join("\n  AND ", conditions);
    }

    Map<String, Object> values() {
        return values;
    }

    /** {@code = :x} for one value, which the planner estimates better than an array of one. */
    private void anyOf(String column, String name, Collection<String> accepted) {
        if (accepted.size() == 1) {
            add(column + " = :" + name, name, accepted.iterator().next());
        } else if (!accepted.isEmpty()) {
            add(column + " = ANY(:" + name + ")", name, accepted.toArray(String[]::new));
        }
    }

    /**
     * {@code attributes @> {"http": {"status": 500}}}, one document per accepted value, ORed: containment is what the
     * {@code jsonb_path_ops} index serves. The document is built from bound keys and values rather than as JSON text,
     * so no key needs escaping. The keys of the path are bound once and used by every value's document.
     */
    private void attribute(String prefix, AttributeMatch match) {
        List<String> path = match.path();
        for (int k = 0; k < path.size(); k++) {
            bind(prefix + "key" + k, path.get(k));
        }
        List<String> documents = new ArrayList<>();
        for (int v = 0; v < match.values().size(); v++) {
            String value = prefix + "value" + v;
            bind(value, match.values().get(v));
            StringBuilder document = new StringBuilder();
            for (int k = 0; k < path.size(); k++) {
                document.append("jsonb_build_object(:").append(prefix).append("key").append(k).append(", ");
            }
            document.append("CAST(:").append(value).append(" AS jsonb)").append(")".repeat(path.size()));
            documents.add("attributes @> " + document);
        }
        add("(" + String.join(" OR ", documents) + ")");
    }
}
