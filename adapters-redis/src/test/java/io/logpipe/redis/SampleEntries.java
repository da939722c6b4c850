package io.logpipe.redis;

import io.logpipe.domain.Attributes;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/** Log entries for tests, filled the way ingest fills them. */
final class SampleEntries {
    /**
     * Attributes of every kind JSON can carry, nested, with numbers no double holds exactly, escapes and text beyond
     * the Basic Multilingual Plane.
     */
    static final Attributes EVERY_KIND = Attributes.of("""
            {"user":"ålice \\"the\\" <admin>\\n\\t☃ 𝄞","http":{"status":503,"latency_ms":12.75,"retried":false,\
            "route":null},"bytes":3000000000,"huge":123456789012345678901234567890,"price":19.90,\
            "precise":3.14159265358979323846264338327950288,"tiny":1e-300,"negative_zero":-0.0,\
            "tags":["a",1,2.5,true,null,[],{}],"matrix":[[1,2],[1E+3,5]],"odd/key~":{"0":-0.0010},\
            "escaped":"\\u0000\\u001f\\/","empty":{},"nothing":null}""");

    private SampleEntries() {
    }

    /** An entry with every field set and {@link #EVERY_KIND} of attribute. */
    static LogEntry full() {
        return new LogEntry(
                UUID.fromString("0190f2c4-7a1e-7b3c-9d4e-5f6a7b8c9d0e"),
                "acme-eu.prod_1",
                Instant.parse("2024-02-29T23:59:59.000001Z"),
                Instant.parse("2024-03-01T00:00:00.123456Z"),
                "checkout",
                Level.ERROR,
                "payment failed: card declined ✗",
                EVERY_KIND,
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

    /** As {@link #numbered}, with the given tenant and receive time. */
    static List<LogEntry> numbered(int count, String tenant, Instant receivedAt) {
        return numbered(count).stream()
                .map(entry -> new LogEntry(entry.id(), tenant, entry.timestamp(), receivedAt, entry.service(),
                        entry.level(), entry.message(), entry.attributes(), null, null, null))
                .toList();
    }
}
