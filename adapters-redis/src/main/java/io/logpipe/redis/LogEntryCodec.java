package io.logpipe.redis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a {@link LogEntry} as the JSON document the queue stores, and reads it back equal to what was written.
 *
 * <p><b>Format, version 1.</b> An object with {@code "v": 1}, the entry's fields in snake case ({@code received_at},
 * {@code trace_id}, ...), the level by its wire name, and both timestamps as ISO-8601 UTC with exactly six fraction
 * digits, the precision entries are held to. Readers ignore fields they do not know, so an optional field may be added
 * without a new version; a change an older reader must not skip needs a new {@code v}, and a reader refuses versions it
 * does not know rather than guess.
 *
 * <p><b>Numbers.</b> JSON text does not say which Java type a number had: ingest reads {@code 1.5} as a
 * {@code Double} by default and as a {@code BigDecimal} when its mapper is told to, and the entry must come back equal
 * either way. Attributes are read the way Jackson reads them by default: whole numbers as {@code Integer},
 * {@code Long} or {@code BigInteger} by magnitude, fractions as {@code Double} (bit for bit what was written). Values
 * that were {@code BigDecimal} are also listed in {@code "decimals"}, by JSON Pointer with their exact text, and put
 * back from there; see {@link AttributeDecimals}. Non-finite doubles are written as bare {@code NaN} and
 * {@code Infinity}, which standard JSON lacks but this reader accepts.
 *
 * <p>Thread-safe.
 */
final class LogEntryCodec {
    static final int VERSION = 1;

    private static final DateTimeFormatter MICROS = new DateTimeFormatterBuilder().appendInstant(6).toFormatter();

    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    /**
     * @throws IllegalArgumentException if an attribute holds a value JSON cannot carry
     */
    String encode(LogEntry entry) {
        WireEntry wire = new WireEntry(
                VERSION,
                entry.id(),
                entry.tenant(),
                MICROS.format(entry.timestamp()),
                MICROS.format(entry.receivedAt()),
                entry.service(),
                entry.level().wireName(),
                entry.message(),
                entry.attributes(),
                AttributeDecimals.find(entry.attributes()),
                entry.traceId(),
                entry.spanId(),
                entry.host());
        try {
            return mapper.writeValueAsString(wire);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("entry " + entry.id() + " has an attribute JSON cannot hold", e);
        }
    }

    /**
     * @param json a document written by {@link #encode}, or null when the message carried none
     * @throws UndecodableEntryException if {@code json} is missing, is not such a document, or holds an invalid entry
     */
    LogEntry decode(String json) {
        if (json == null) {
            throw new UndecodableEntryException("the message holds no entry", null);
        }
        WireEntry wire;
        try {
            wire = mapper.readValue(json, WireEntry.class);
        } catch (JsonProcessingException e) {
            throw new UndecodableEntryException("not an entry document: " + e.getOriginalMessage(), e);
        }
        if (wire == null || wire.version() == null || wire.version() != VERSION) {
            throw new UndecodableEntryException(
                    "unsupported format version " + (wire == null ? null : wire.version()), null);
        }
        try {
            return new LogEntry(
                    wire.id(),
                    wire.tenant(),
                    Instant.parse(wire.timestamp()),
                    Instant.parse(wire.receivedAt()),
                    wire.service(),
                    Level.parse(wire.level()),
                    wire.message(),
                    AttributeDecimals.restore(wire.attributes(), wire.decimals()),
                    wire.traceId(),
                    wire.spanId(),
                    wire.host());
        } catch (RuntimeException e) {
            // Whatever the domain or the parsers reject here, the message can never become an entry.
            throw new UndecodableEntryException("invalid entry: " + e, e);
        }
    }

    /** The stored document, field for field. Timestamps stay strings so their format is fixed here, not by Jackson. */
    record WireEntry(
            @JsonProperty("v") Integer version,
            UUID id,
            String tenant,
            String timestamp,
            @JsonProperty("received_at") String receivedAt,
            String service,
            String level,
            String message,
            Map<String, Object> attributes,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> decimals,
            @JsonProperty("trace_id") String traceId,
            @JsonProperty("span_id") String spanId,
            String host) {
    }

    /** A stored message that can never become a {@link LogEntry}, whatever the reader retries. */
    static final class UndecodableEntryException extends RuntimeException {
        UndecodableEntryException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
