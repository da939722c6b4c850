package io.logpipe.http;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.logpipe.application.EntryDraft;
import io.logpipe.domain.Level;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One log entry as a client sends it. Shape rules (required, lengths) are Bean Validation constraints checked by
 * Jersey; values that need parsing (id, timestamp, level, attributes) arrive as raw JSON and are parsed by
 * {@link #toDraft}, so a bad value becomes a 422 naming the entry and field rather than a bare 400.
 *
 * <p>Names are spelled out with {@link JsonProperty} and strings read with {@link StrictStringDeserializer}, so the
 * snake_case wire format and the refusal of {@code "message": 12} do not depend on how the application's
 * ObjectMapper is configured.
 */
record EntryRequest(
        @JsonProperty("id") @JsonDeserialize(using = StrictStringDeserializer.class) String id,
        @JsonProperty("timestamp") @JsonDeserialize(using = StrictStringDeserializer.class) String timestamp,
        @JsonProperty("service") @JsonDeserialize(using = StrictStringDeserializer.class)
        @NotBlank @Size(max = MAX_SERVICE_LENGTH) String service,
        @JsonProperty("level") @JsonDeserialize(using = StrictStringDeserializer.class) @NotBlank String level,
        @JsonProperty("message") @JsonDeserialize(using = StrictStringDeserializer.class) @NotNull String message,
        @JsonProperty("attributes") JsonNode attributes,
        @JsonProperty("trace_id") @JsonDeserialize(using = StrictStringDeserializer.class)
        @Size(max = MAX_TRACE_ID_LENGTH) String traceId,
        @JsonProperty("span_id") @JsonDeserialize(using = StrictStringDeserializer.class)
        @Size(max = MAX_SPAN_ID_LENGTH) String spanId,
        @JsonProperty("host") @JsonDeserialize(using = StrictStringDeserializer.class)
        @Size(max = MAX_HOST_LENGTH) String host,
        // Never bound from JSON: IngestRequestDeserializer takes unknown fields out and hands over their names.
        @JsonIgnore Set<String> unknownFields) {

    static final int MAX_SERVICE_LENGTH = 256;
    // W3C trace context ids are 32 and 16 hex digits; other tracers use longer ones, so leave room.
    static final int MAX_TRACE_ID_LENGTH = 128;
    static final int MAX_SPAN_ID_LENGTH = 64;
    // The longest DNS name.
    static final int MAX_HOST_LENGTH = 253;

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** Every field an entry may have, as spelled in JSON. */
    static final Set<String> FIELDS = Set.of(
            "id", "timestamp", "service", "level", "message", "attributes", "trace_id", "span_id", "host");

    EntryRequest {
        unknownFields = unknownFields == null
                ? Set.of()
                : Collections.unmodifiableSet(new LinkedHashSet<>(unknownFields));
    }

    /** This entry, noting fields the client sent that are not in {@link #FIELDS}. */
    EntryRequest withUnknownFields(Set<String> names) {
        return new EntryRequest(id, timestamp, service, level, message, attributes, traceId, spanId, host, names);
    }

    /**
     * Parses this entry into a draft, adding one line per problem to {@code errors}.
     *
     * @param path where this entry sits in the request, such as {@code "[2]."}
     * @return the draft; meaningless when problems were added
     */
    EntryDraft toDraft(String path, List<String> errors) {
        unknownFields.forEach(name -> errors.add(path + name + ": " + adviceForUnknown(name)));
        return new EntryDraft(
                parseId(path, errors),
                parseTimestamp(path, errors),
                service,
                parseLevel(path, errors),
                message,
                parseAttributes(path, errors),
                traceId,
                spanId,
                host);
    }

    private UUID parseId(String path, List<String> errors) {
        if (id == null) {
            return null;
        }
        // UUID.fromString alone accepts odd shapes such as "1-2-3-4-5".
        if (!UUID_TEXT.matcher(id).matches()) {
            errors.add(path + "id: must be a UUID such as 0192f0c4-7b1e-7c3a-9d2e-4f5a6b7c8d9e");
            return null;
        }
        return UUID.fromString(id);
    }

    private Instant parseTimestamp(String path, List<String> errors) {
        if (timestamp == null) {
            return null;
        }
        try {
            return Rfc3339.parse(timestamp);
        } catch (IllegalArgumentException e) {
            errors.add(path + "timestamp: " + e.getMessage());
            return null;
        }
    }

    private Level parseLevel(String path, List<String> errors) {
        if (level == null || level.isBlank()) {
            return null; // Bean Validation has already reported it.
        }
        try {
            return Level.parse(level);
        } catch (IllegalArgumentException e) {
            errors.add(path + "level: " + e.getMessage());
            return null;
        }
    }

    private Map<String, Object> parseAttributes(String path, List<String> errors) {
        if (attributes == null || attributes.isNull()) {
            return null;
        }
        if (!attributes.isObject()) {
            errors.add(path + "attributes: must be a JSON object, such as {\"user_id\": 42}");
            return null;
        }
        return JsonValues.toMap(attributes, path + "attributes", errors);
    }

    private static String adviceForUnknown(String name) {
        String snakeCase = JsonNames.snakeCase(name);
        if (!snakeCase.equals(name) && FIELDS.contains(snakeCase)) {
            return "unknown field; did you mean '" + snakeCase + "'?";
        }
        return "unknown field; put custom fields inside 'attributes'";
    }
}
