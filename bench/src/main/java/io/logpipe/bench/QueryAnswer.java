package io.logpipe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;

/**
 * What one answer of the query API held, as far as the report counts it: a search page's entries and next cursor,
 * or a histogram's total and buckets.
 *
 * @param entries the entries of a page; 0 for a histogram
 * @param nextCursor a page's {@code next_cursor}, or null when it is the last page or a histogram
 * @param total the entries a histogram counted; 0 for a page
 * @param buckets a histogram's buckets; 0 for a page
 */
record QueryAnswer(int entries, String nextCursor, long total, int buckets) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads a {@code GET /query/} answer: {@code {"entries": [...], "next_cursor": ...}}. */
    static QueryAnswer page(String body) throws IOException {
        JsonNode page = JSON.readTree(body);
        JsonNode entries = page.get("entries");
        if (entries == null || !entries.isArray()) {
            throw new IOException("a search answer without an entries array: " + abbreviated(body));
        }
        JsonNode next = page.get("next_cursor");
        return new QueryAnswer(entries.size(), next == null || next.isNull() ? null : next.asText(), 0, 0);
    }

    /**
     * Reads a {@code GET /query/histogram} answer: {@code {"interval", "total", "buckets": [{"start", "count"}]}}.
     *
     * @throws IOException if it is not one, or its counts do not add up to its total
     */
    static QueryAnswer histogram(String body) throws IOException {
        JsonNode histogram = JSON.readTree(body);
        JsonNode total = histogram.get("total");
        JsonNode buckets = histogram.get("buckets");
        if (total == null || !total.canConvertToLong() || buckets == null || !buckets.isArray()) {
            throw new IOException("a histogram answer without a total and a buckets array: " + abbreviated(body));
        }
        long sum = 0;
        for (JsonNode bucket : buckets) {
            JsonNode count = bucket.get("count");
            if (count == null || !count.canConvertToLong() || !bucket.hasNonNull("start")) {
                throw new IOException("a histogram bucket without a start and a count: " + bucket);
            }
            sum += count.asLong();
        }
        if (sum != total.asLong()) {
            throw new IOException("a histogram whose buckets add up to " + sum + ", not its total " + total.asLong());
        }
        return new QueryAnswer(0, null, total.asLong(), buckets.size());
    }

    static String abbreviated(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    /** The mean of many answers of one shape, for the report. Not thread-safe. */
    static final class Mean {
        private final QueryShapes.Kind kind;
        private long answers;
        private long entries;
        private long total;
        private long buckets;

        Mean(QueryShapes.Kind kind) {
            this.kind = kind;
        }

        void add(QueryAnswer answer) {
            answers++;
            entries += answer.entries();
            total += answer.total();
            buckets += answer.buckets();
        }

        /** Such as {@code 100 entries a page} or {@code 1,998,201 entries counted in 1,440 buckets}. */
        String describe() {
            if (answers == 0) {
                return "no answer";
            }
            if (kind == QueryShapes.Kind.HISTOGRAM) {
                return String.format(Locale.ROOT, "%,.0f entries counted in %,.0f buckets", (double) total / answers,
                        (double) buckets / answers);
            }
            return String.format(Locale.ROOT, "%,.0f entries a page", (double) entries / answers);
        }
    }
}
