package io.logpipe.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** The two forms a generated entry takes: a JSON ingest body, and a row of PostgreSQL's COPY text format. */
final class EntryFormats {
    private static final JsonFactory JSON = new JsonFactory();

    private EntryFormats() {
    }

    /**
     * A {@code POST /ingest/} body: one JSON array on a single line.
     *
     * @param withIds whether each entry carries its own id, which makes a resent entry idempotent
     */
    static String ingestBody(List<SampleEntry> batch, boolean withIds) {
        StringWriter text = new StringWriter(batch.size() * 360);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartArray();
            for (SampleEntry entry : batch) {
                json.writeStartObject();
                if (withIds) {
                    json.writeStringField("id", entry.id().toString());
                }
                json.writeStringField("timestamp", entry.timestamp().toString());
                json.writeStringField("service", entry.service());
                json.writeStringField("level", entry.level());
                json.writeStringField("message", entry.message());
                json.writeObjectFieldStart("attributes");
                writeAttributes(json, entry);
                json.writeEndObject();
                if (entry.traceId() != null) {
                    json.writeStringField("trace_id", entry.traceId());
                }
                json.writeStringField("host", entry.host());
                json.writeEndObject();
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /**
     * Appends the entry as one line of COPY text for logpipe's {@code log_entries} columns, in the order of
     * {@link #COPY_COLUMNS}.
     */
    static void appendCopyRow(StringBuilder row, SampleEntry entry, Instant receivedAt) {
        copyText(row, EntryGenerator.TENANTS.get(entry.tenant())).append('\t');
        row.append(entry.id()).append('\t');
        row.append(entry.timestamp()).append('\t');
        row.append(receivedAt).append('\t');
        copyText(row, entry.service()).append('\t');
        row.append(entry.level()).append('\t');
        copyText(row, entry.message()).append('\t');
        copyText(row, attributesJson(entry)).append('\t');
        if (entry.traceId() == null) {
            row.append("\\N").append('\t');
        } else {
            copyText(row, entry.traceId()).append('\t');
        }
        row.append("\\N").append('\t');
        copyText(row, entry.host()).append('\n');
    }

    static final String COPY_COLUMNS =
            "tenant, id, timestamp, received_at, service, level, message, attributes, trace_id, span_id, host";

    /** The entry's attributes as the JSON object logpipe stores in {@code attributes}. */
    static String attributesJson(SampleEntry entry) {
        StringWriter text = new StringWriter(96);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            writeAttributes(json, entry);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void writeAttributes(JsonGenerator json, SampleEntry entry) throws IOException {
        // Nested, as the query API's attr.http.status addresses it.
        json.writeObjectFieldStart("http");
        json.writeNumberField("status", entry.httpStatus());
        json.writeEndObject();
        json.writeNumberField("user_id", entry.userId());
        json.writeStringField("region", entry.region());
        json.writeNumberField("duration_ms", entry.durationMs());
    }

    // COPY's text format: backslash, tab, newline and carriage return must be escaped.
    private static StringBuilder copyText(StringBuilder row, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> row.append("\\\\");
                case '\t' -> row.append("\\t");
                case '\n' -> row.append("\\n");
                case '\r' -> row.append("\\r");
                default -> row.append(c);
            }
        }
        return row;
    }
}
