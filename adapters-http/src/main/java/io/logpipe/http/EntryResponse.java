package io.logpipe.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.logpipe.domain.LogEntry;

/**
 * One entry in a query answer. Timestamps are formatted here, as RFC 3339 in UTC, instead of leaving them to the
 * application's ObjectMapper date settings; absent optional fields are written as {@code null}, never left out.
 * Attributes are the stored JSON text, written as it is.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record EntryResponse(
        @JsonProperty("id") String id,
        @JsonProperty("timestamp") String timestamp,
        @JsonProperty("received_at") String receivedAt,
        @JsonProperty("service") String service,
        @JsonProperty("level") String level,
        @JsonProperty("message") String message,
        @JsonProperty("attributes") @JsonRawValue String attributes,
        @JsonProperty("trace_id") String traceId,
        @JsonProperty("span_id") String spanId,
        @JsonProperty("host") String host) {

    static EntryResponse from(LogEntry entry) {
        return new EntryResponse(
                entry.id().toString(),
                Rfc3339.format(entry.timestamp()),
                Rfc3339.format(entry.receivedAt()),
                entry.service(),
                entry.level().wireName(),
                entry.message(),
                entry.attributes().json(),
                entry.traceId(),
                entry.spanId(),
                entry.host());
    }
}
