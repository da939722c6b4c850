package io.logpipe.redis;

import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/** Log entries for tests, filled the way ingest fills them. */
final class SampleEntries {

    private SampleEntries() {
    }

    /** An entry with every field set and attributes of every kind JSON can carry, nested. */
    static LogEntry full() {
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("status", 503);
        http.put("latency_ms", 12.75);
        http.put("retried", false);
        http.put("route", null);

        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("user", "ålice \"the\" <admin>\n\t☃");
        attributes.put("http", http);
        attributes.put("bytes", 3_000_000_000L);
        attributes.put("huge", new BigInteger("123456789012345678901234567890"));
        attributes.put("price", new BigDecimal("19.90"));
        attributes.put("tags", Arrays.asList("a", 1, 2.5, true, null, List.of(), Map.of()));
        attributes.put("matrix", List.of(List.of(1, 2), List.of(new BigDecimal("1E+3"), new BigDecimal("5"))));
        attributes.put("odd/key~", Map.of("0", new BigDecimal("-0.0010")));
        attributes.put("empty", Map.of());
        attributes.put("nothing", null);
        return new LogEntry(
                UUID.fromString("0190f2c4-7a1e-7b3c-9d4e-5f6a7b8c9d0e"),
                "acme-eu.prod_1",
                Instant.parse("2024-02-29T23:59:59.000001Z"),
                Instant.parse("2024-03-01T00:00:00.123456Z"),
                "checkout",
                Level.ERROR,
                "payment failed: card declined",
                attributes,
                "4bf92f3577b34da6a3ce929d0e0e4736",
                "00f067aa0ba902b7",
                "web-7");
    }

    /** An entry with only the required fields. */
    static LogEntry minimal() {
        return minimal("ready");
    }

    static LogEntry minimal(String message) {
        Instant now = Instant.parse("2024-05-01T08:00:00Z");
        return new LogEntry(UUID.randomUUID(), "acme", now, now, "api", Level.INFO, message, null, null, null, null);
    }

    /** {@code count} minimal entries whose messages say their position: "entry 0", "entry 1", ... */
    static List<LogEntry> numbered(int count) {
        return new ArrayList<>(IntStream.range(0, count).mapToObj(i -> minimal("entry " + i)).toList());
    }
}
