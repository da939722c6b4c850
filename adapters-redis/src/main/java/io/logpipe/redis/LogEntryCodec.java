package io.logpipe.redis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.logpipe.domain.Attributes;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes log entries as the batch documents of stream records, and reads them back equal to what was written.
 *
 * <p><b>Format, version 2.</b> A record holds entries that share a tenant and receive time, as the entries of one
 * ingest request do, and names those once:
 * <pre>{@code
 * {"v":2,"tenant":"acme","received_at":"2024-05-01T08:00:00.000000Z","entries":[
 *   {"id":"0190f2c4-...","timestamp":"2024-05-01T07:59:58.250000Z","service":"api","level":"info",
 *    "message":"ready","attributes":{"user_id":42},"trace_id":"...","span_id":"...","host":"web-7"}, ...]}
 * }</pre>
 * The header comes before {@code entries}, which lets a reader build entries in one pass. Optional fields are left
 * out when null; timestamps are as {@link Timestamps} writes them; the level is its wire name. Attributes are the
 * entry's JSON text, written and read back character for character, so numbers keep their digits and nothing is
 * converted. Readers ignore fields they do not know, so an optional field may be added without a new version; a
 * change an older reader must not skip needs a new {@code v}, and a reader refuses versions it does not know rather
 * than guess.
 *
 * <p><b>Records.</b> Entries go into records in order. A new record starts when the tenant or receive time changes,
 * after {@code maxRecordEntries} entries, and before the document would outgrow {@code maxRecordBytes} in UTF-8; an
 * entry larger than that on its own gets a record of its own, since an entry is never split.
 *
 * <p><b>Version 1</b>, which earlier releases wrote, is one entry per record in the field {@code entry}: an object with
 * {@code "v":1} and every field of the entry, tenant and {@code received_at} included. It is still read, so a queue
 * drains across an upgrade. Its {@code decimals} are skipped: the attribute text already holds their digits.
 *
 * <p>Thread-safe.
 */
final class LogEntryCodec {
    static final int VERSION = 2;
    static final int DEFAULT_MAX_RECORD_ENTRIES = 1_000;
    static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;

    private static final int VERSION_ONE = 1;
    private static final String CLOSING = "]}";

    // Ingest enforced its limits already, and whatever it accepted must come back out, so reading sets none of its
    // own. Attributes are skipped over rather than descended into, so deep nesting costs no stack here.
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .build())
            .build();

    private final int maxRecordEntries;
    private final int maxRecordBytes;

    LogEntryCodec() {
        this(DEFAULT_MAX_RECORD_ENTRIES, DEFAULT_MAX_RECORD_BYTES);
    }

    LogEntryCodec(int maxRecordEntries, int maxRecordBytes) {
        if (maxRecordEntries < 1 || maxRecordBytes < 1) {
            throw new IllegalArgumentException("records must be allowed at least one entry and one byte");
        }
        this.maxRecordEntries = maxRecordEntries;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** The entries as records, in order; none for none. */
    List<QueueRecord> encode(List<LogEntry> entries) {
        List<QueueRecord> records = new ArrayList<>();
        StringBuilder text = new StringBuilder(1_024);
        try (JsonGenerator json = JSON.createGenerator(new Appender(text))) {
            json.setRootValueSeparator(null); // entries are root values to the generator; the commas are written here
            LogEntry first = null;
            int count = 0;
            long bytes = 0;
            for (LogEntry entry : entries) {
                if (first != null && (count == maxRecordEntries || !sameHeader(first, entry))) {
                    records.add(finish(text, count));
                    first = null;
                }
                if (first == null) {
                    first = entry;
                    count = 0;
                    bytes = startRecord(text, entry);
                }
                int mark = text.length();
                if (count > 0) {
                    text.append(',');
                }
                writeEntry(json, entry);
                json.flush();
                long entryBytes = utf8Length(text, mark);
                if (count > 0 && bytes + entryBytes + CLOSING.length() > maxRecordBytes) {
                    String moved = text.substring(mark + 1);
                    text.setLength(mark);
                    records.add(finish(text, count));
                    count = 0;
                    bytes = startRecord(text, entry) + entryBytes - 1;
                    text.append(moved);
                } else {
                    bytes += entryBytes;
                }
                count++;
            }
            if (first != null) {
                records.add(finish(text, count));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON into memory failed", e);
        }
        return records;
    }

    /**
     * @param fields a stream record's fields, as {@link #encode} wrote them or version 1 did
     * @return the record's entries, in order
     * @throws UndecodableEntryException if the record holds neither a batch nor a version 1 entry, or what it holds is
     *     not such a document or not valid entries
     */
    List<LogEntry> decode(Map<String, String> fields) {
        String batch = fields.get(QueueRecord.BATCH_FIELD);
        String versionOne = fields.get(QueueRecord.VERSION_ONE_FIELD);
        if (batch == null && versionOne == null) {
            throw new UndecodableEntryException("the record holds neither a batch nor an entry", null);
        }
        try {
            return batch != null ? readBatch(batch) : List.of(readVersionOne(versionOne));
        } catch (UndecodableEntryException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw new UndecodableEntryException("not a record document: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UndecodableEntryException("not a record document: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Whatever the domain or the parsers reject here, the record can never become entries.
            throw new UndecodableEntryException("invalid entry: " + e, e);
        }
    }

    private static boolean sameHeader(LogEntry first, LogEntry entry) {
        return first.tenant().equals(entry.tenant()) && first.receivedAt().equals(entry.receivedAt());
    }

    /** Writes the record's header and returns its length; tenant names need no escaping, instants neither. */
    private static long startRecord(StringBuilder text, LogEntry entry) {
        text.append("{\"v\":").append(VERSION)
                .append(",\"tenant\":\"").append(entry.tenant())
                .append("\",\"received_at\":\"").append(Timestamps.format(entry.receivedAt()))
                .append("\",\"entries\":[");
        return text.length();
    }

    private static QueueRecord finish(StringBuilder text, int count) {
        text.append(CLOSING);
        QueueRecord record = new QueueRecord(text.toString(), count);
        text.setLength(0);
        return record;
    }

    private static void writeEntry(JsonGenerator json, LogEntry entry) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", entry.id().toString());
        json.writeStringField("timestamp", Timestamps.format(entry.timestamp()));
        json.writeStringField("service", entry.service());
        json.writeStringField("level", entry.level().wireName());
        json.writeStringField("message", entry.message());
        json.writeFieldName("attributes");
        json.writeRawValue(entry.attributes().json());
        writeOptional(json, "trace_id", entry.traceId());
        writeOptional(json, "span_id", entry.spanId());
        writeOptional(json, "host", entry.host());
        json.writeEndObject();
    }

    private static void writeOptional(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }

    /** UTF-8 bytes of the text from {@code from} on; a surrogate pair counts six, two more than it takes. */
    private static long utf8Length(CharSequence text, int from) {
        long bytes = text.length() - from;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                bytes += c < 0x800 ? 1 : 2;
            }
        }
        return bytes;
    }

    private static List<LogEntry> readBatch(String text) throws IOException {
        try (JsonParser json = JSON.createParser(text)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new UndecodableEntryException("a batch is a JSON object", null);
            }
            Integer version = null;
            String tenant = null;
            Instant receivedAt = null;
            List<LogEntry> entries = null;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                json.nextToken();
                switch (name) {
                    case "v" -> version = version(json);
                    case "tenant" -> tenant = string(json, name);
                    case "received_at" -> receivedAt = instant(json, name);
                    case "entries" -> {
                        requireVersion(version, VERSION);
                        entries = readEntries(json, text, tenant, receivedAt);
                    }
                    default -> json.skipChildren();
                }
            }
            if (entries == null) {
                requireVersion(version, VERSION);
                throw new UndecodableEntryException("the batch holds no entries", null);
            }
            return entries;
        }
    }

    private static List<LogEntry> readEntries(JsonParser json, String text, String tenant, Instant receivedAt)
            throws IOException {
        if (json.currentToken() != JsonToken.START_ARRAY) {
            throw new UndecodableEntryException("entries must be an array", null);
        }
        List<LogEntry> entries = new ArrayList<>();
        for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; token = json.nextToken()) {
            if (token != JsonToken.START_OBJECT) {
                throw new UndecodableEntryException("an entry must be an object, not " + token, null);
            }
            EntryFields entry = new EntryFields(tenant, receivedAt);
            entry.read(json, text);
            entries.add(entry.toEntry());
        }
        return entries;
    }

    private static LogEntry readVersionOne(String text) throws IOException {
        try (JsonParser json = JSON.createParser(text)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new UndecodableEntryException("an entry is a JSON object", null);
            }
            EntryFields entry = new EntryFields(null, null);
            entry.read(json, text);
            requireVersion(entry.version, VERSION_ONE);
            return entry.toEntry();
        }
    }

    private static void requireVersion(Integer version, int expected) {
        if (version == null || version != expected) {
            throw new UndecodableEntryException("unsupported format version " + version, null);
        }
    }

    private static Integer version(JsonParser json) throws IOException {
        return json.currentToken() == JsonToken.VALUE_NUMBER_INT ? json.getIntValue() : null;
    }

    private static String string(JsonParser json, String field) throws IOException {
        return switch (json.currentToken()) {
            case VALUE_STRING -> json.getText();
            case VALUE_NULL -> null;
            default -> throw new UndecodableEntryException(field + " must be a string", null);
        };
    }

    private static Instant instant(JsonParser json, String field) throws IOException {
        String text = string(json, field);
        return text == null ? null : Timestamps.parse(text);
    }

    /**
     * The attributes object the parser is on, as the very text it was read from: cutting it out costs less than
     * copying it token by token, and keeps every character, numbers included.
     */
    private static Attributes attributes(JsonParser json, String text) throws IOException {
        return switch (json.currentToken()) {
            case VALUE_NULL -> null;
            case START_OBJECT -> {
                long start = json.currentTokenLocation().getCharOffset();
                json.skipChildren();
                long end = json.currentTokenLocation().getCharOffset() + 1;
                yield Attributes.of(text.substring((int) start, (int) end));
            }
            default -> throw new UndecodableEntryException("attributes must be a JSON object", null);
        };
    }

    /** One entry's fields as they are read; the record's tenant and receive time unless the entry names its own. */
    private static final class EntryFields {
        private Integer version;
        private UUID id;
        private String tenant;
        private Instant timestamp;
        private Instant receivedAt;
        private String service;
        private String level;
        private String message;
        private Attributes attributes;
        private String traceId;
        private String spanId;
        private String host;

        EntryFields(String tenant, Instant receivedAt) {
            this.tenant = tenant;
            this.receivedAt = receivedAt;
        }

        /** Reads the object the parser is on, leaving it on the object's end. */
        void read(JsonParser json, String text) throws IOException {
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                json.nextToken();
                switch (name) {
                    case "v" -> version = version(json);
                    case "id" -> {
                        String value = string(json, name);
                        id = value == null ? null : UUID.fromString(value);
                    }
                    case "tenant" -> tenant = string(json, name);
                    case "timestamp" -> timestamp = instant(json, name);
                    case "received_at" -> receivedAt = instant(json, name);
                    case "service" -> service = string(json, name);
                    case "level" -> level = string(json, name);
                    case "message" -> message = string(json, name);
                    case "attributes" -> attributes = attributes(json, text);
                    case "trace_id" -> traceId = string(json, name);
                    case "span_id" -> spanId = string(json, name);
                    case "host" -> host = string(json, name);
                    default -> json.skipChildren();
                }
            }
        }

        LogEntry toEntry() {
            return new LogEntry(id, tenant, timestamp, receivedAt, service, level == null ? null : Level.parse(level),
                    message, attributes, traceId, spanId, host);
        }
    }

    /** A {@link Writer} onto a {@link StringBuilder}, which, unlike {@code StringWriter}, takes no lock per call. */
    private static final class Appender extends Writer {
        private final StringBuilder text;

        Appender(StringBuilder text) {
            this.text = text;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            text.append(chars, offset, length);
        }

        @Override
        public void write(String string, int offset, int length) {
            text.append(string, offset, offset + length);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /** A stored record that can never become {@link LogEntry}s, whatever the reader retries. */
    static final class UndecodableEntryException extends RuntimeException {
        UndecodableEntryException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
