package io.logpipe.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.logpipe.application.EntryDraft;
import io.logpipe.domain.Attributes;
import io.logpipe.domain.Level;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Reads one entry object from the parser into an {@link EntryDraft}, noting what only the JSON shows: wrong types,
 * unknown or repeated fields, ids, timestamps and levels that do not parse, and the attributes' own problems. The
 * rules every entry must meet (required fields, lengths, text) are the application's {@code EntryRules}, not here.
 * One instance serves one request; not thread-safe.
 */
final class EntryReader {
    /** Every field an entry may have, as spelled in JSON; the index is its bit in {@code seen}. */
    private static final List<String> FIELDS = List.of(
            "id", "timestamp", "service", "level", "message", "attributes", "trace_id", "span_id", "host");
    /** No level name comes close, so a longer value is not even looked up. */
    private static final int LONGEST_LEVEL = 16;

    private final AttributesReader attributesReader;
    private final ReaderProblems problems = new ReaderProblems();

    EntryReader(AttributesReader attributesReader) {
        this.attributesReader = attributesReader;
    }

    /** The value at the parser's current token, leaving the parser on its last token. */
    EntryDraft read(JsonParser parser, String where) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return EntryDraft.notAnObject(where, "must be a log entry object");
        }
        problems.startEntry();
        int seen = 0;
        UUID id = null;
        Instant timestamp = null;
        String service = null;
        Level level = null;
        String message = null;
        Attributes attributes = null;
        String traceId = null;
        String spanId = null;
        String host = null;
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            JsonToken value = parser.nextToken();
            int field = FIELDS.indexOf(name);
            if (field < 0) {
                String unknown = name;
                problems.add(() -> Shown.text(unknown) + ": " + adviceForUnknown(unknown));
                parser.skipChildren();
                continue;
            }
            if ((seen & (1 << field)) != 0) {
                problems.add(name + ": given more than once");
                parser.skipChildren();
                continue;
            }
            seen |= 1 << field;
            if (value == JsonToken.VALUE_NULL) {
                continue; // the same as leaving the field out
            }
            if (name.equals("attributes")) {
                if (value == JsonToken.START_OBJECT) {
                    attributes = attributesReader.read(parser, problems);
                } else {
                    problems.add("attributes: must be a JSON object, such as {\"user_id\": 42}");
                    parser.skipChildren();
                }
                continue;
            }
            if (value != JsonToken.VALUE_STRING) {
                problems.add(name + ": must be a string");
                parser.skipChildren();
                continue;
            }
            String text = parser.getText();
            switch (name) {
                case "id" -> id = parseId(text, problems);
                case "timestamp" -> timestamp = parseTimestamp(text, problems);
                case "service" -> service = text;
                case "level" -> level = parseLevel(text, problems);
                case "message" -> message = text;
                case "trace_id" -> traceId = text;
                case "span_id" -> spanId = text;
                case "host" -> host = text;
                default -> throw new IllegalStateException("field " + name + " is in FIELDS but not read");
            }
        }
        return new EntryDraft(where, true, id, timestamp, service, level, message, attributes, traceId, spanId, host,
                problems.entryListed(), problems.entryUnlisted());
    }

    private static UUID parseId(String text, ReaderProblems problems) {
        // UUID.fromString alone accepts odd shapes such as "1-2-3-4-5".
        if (!isCanonicalUuid(text)) {
            problems.add("id: must be a UUID such as 0192f0c4-7b1e-7c3a-9d2e-4f5a6b7c8d9e");
            return null;
        }
        return UUID.fromString(text);
    }

    /** 8-4-4-4-12 hex digits: checked by hand, as a regular expression here cost 4% of ingest time. */
    private static boolean isCanonicalUuid(String text) {
        if (text.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23
                    ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Instant parseTimestamp(String text, ReaderProblems problems) {
        try {
            return Rfc3339.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add("timestamp: " + e.getMessage());
            return null;
        }
    }

    private static Level parseLevel(String text, ReaderProblems problems) {
        if (text.length() <= LONGEST_LEVEL) {
            try {
                return Level.parse(text);
            } catch (IllegalArgumentException e) {
                // reported below, with the value made safe to echo
            }
        }
        problems.add("level: unknown level '" + Shown.text(text)
                + "'; expected one of trace, debug, info, warn, error, fatal");
        return null;
    }

    private static String adviceForUnknown(String name) {
        if (name.equals("tenant") || name.equals("tenant_id")) {
            return "unknown field; the tenant is always the API key's and cannot be chosen in the body";
        }
        String snakeCase = JsonNames.snakeCase(name);
        if (!snakeCase.equals(name) && FIELDS.contains(snakeCase)) {
            return "unknown field; did you mean '" + snakeCase + "'?";
        }
        return "unknown field; put custom fields inside 'attributes'";
    }

}
