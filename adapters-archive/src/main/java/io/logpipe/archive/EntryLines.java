package io.logpipe.archive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.logpipe.domain.Attributes;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One entry as one line of NDJSON: every field but the tenant (the file's name says it), timestamps in RFC 3339 at
 * UTC with nine fraction digits, attributes as the JSON text the store gave, unchanged. Reading requires every field
 * and refuses any other, so a damaged line cannot pass as an entry.
 */
final class EntryLines {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final DateTimeFormatter RFC_3339_NANOS = new DateTimeFormatterBuilder().appendInstant(9)
            .toFormatter();
    private static final Set<String> FIELDS = Set.of("id", "timestamp", "received_at", "service", "level", "message",
            "attributes", "trace_id", "span_id", "host");

    private EntryLines() {
    }

    /** The entry as one line, without the line break. */
    static String write(LogEntry entry) {
        StringWriter line = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("id", entry.id().toString());
            json.writeStringField("timestamp", RFC_3339_NANOS.format(entry.timestamp()));
            json.writeStringField("received_at", RFC_3339_NANOS.format(entry.receivedAt()));
            json.writeStringField("service", entry.service());
            json.writeStringField("level", entry.level().wireName());
            json.writeStringField("message", entry.message());
            json.writeFieldName("attributes");
            json.writeRawValue(entry.attributes().json());
            json.writeStringField("trace_id", entry.traceId());
            json.writeStringField("span_id", entry.spanId());
            json.writeStringField("host", entry.host());
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen writing to a string", e);
        }
        return line.toString();
    }

    /**
     * Reads a line written by {@link #write} back as an entry of {@code tenant}.
     *
     * @throws IllegalArgumentException naming what is wrong with the line
     */
    static LogEntry read(String line, String tenant) {
        Map<String, String> values = new HashMap<>();
        try (JsonParser json = JSON.createParser(line)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                if (!FIELDS.contains(name)) {
                    throw new IllegalArgumentException("unknown field '" + name + "'");
                }
                JsonToken value = json.nextToken();
                if (name.equals("attributes")) {
                    values.put(name, rawObject(json, line));
                } else if (value == JsonToken.VALUE_STRING) {
                    values.put(name, json.getText());
                } else if (value != JsonToken.VALUE_NULL) {
                    throw new IllegalArgumentException(name + " must be a string or null");
                }
            }
            if (json.nextToken() != null) {
                throw new IllegalArgumentException("more after the object");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen reading a string", e);
        }
        try {
            return new LogEntry(UUID.fromString(required(values, "id")), tenant,
                    Instant.parse(required(values, "timestamp")), Instant.parse(required(values, "received_at")),
                    required(values, "service"), Level.parse(required(values, "level")), required(values, "message"),
                    Attributes.of(required(values, "attributes")), values.get("trace_id"), values.get("span_id"),
                    values.get("host"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("a timestamp is not RFC 3339: " + e.getParsedString());
        }
    }

    /** The attributes object exactly as written: the text from its opening brace to its closing one. */
    private static String rawObject(JsonParser json, String line) throws IOException {
        if (json.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("attributes must be a JSON object");
        }
        int start = (int) json.currentTokenLocation().getCharOffset();
        json.skipChildren();
        int end = (int) json.currentTokenLocation().getCharOffset() + 1;
        return line.substring(start, end);
    }

    private static String required(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return value;
    }
}
