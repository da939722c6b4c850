package io.logpipe.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.logpipe.application.EntryDraft;
import io.logpipe.application.IngestLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an ingest body as a stream of tokens, entry by entry, without building a tree: one entry object or a JSON
 * array of them, or NDJSON (one entry per line; blank lines are skipped). Entries are named in problems by array
 * index ({@code [3]}) or by line ({@code line 4}).
 *
 * <p>Limits hold while reading, so no body costs more than they allow: the parser refuses nesting, strings, names and
 * numbers beyond {@link StreamReadConstraints} derived from the {@link IngestLimits}, and more entries than allowed
 * stop the reading with a 413. Syntax errors and invalid UTF-8 are a 400 naming the position. Thread-safe.
 */
final class IngestBodyReader {
    /** Deeper than any entry can be (array, entry, attributes), yet far from what could exhaust the stack. */
    private static final int NESTING_MARGIN = 8;
    /** Longer than any number a log attribute needs; PostgreSQL's numeric would refuse far longer ones anyway. */
    private static final int MAX_NUMBER_LENGTH = 100;

    private final JsonFactory json;
    private final IngestLimits limits;

    IngestBodyReader(IngestLimits limits) {
        this.limits = limits;
        this.json = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxAttributesDepth() + NESTING_MARGIN)
                        .maxStringLength(Math.max(limits.maxMessageBytes(), limits.maxAttributesBytes()) + 1)
                        .maxNameLength(limits.maxAttributesBytes())
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .build())
                .build();
    }

    /**
     * Reads every entry of the body.
     *
     * @param body the body, already bounded to the request limit
     * @param ndjson true for NDJSON, false for a JSON object or array
     * @throws RequestBodyException 400 for a body that is not such JSON, 413 for too many entries
     * @throws IOException if the body cannot be read
     */
    List<EntryDraft> read(InputStream body, boolean ndjson) throws IOException {
        try (JsonParser parser = json.createParser(body)) {
            EntryReader entries = new EntryReader(new AttributesReader(json, limits.maxAttributesDepth(),
                    limits.maxAttributesBytes()));
            return ndjson ? readLines(parser, entries) : readJson(parser, entries);
        } catch (StreamConstraintsException e) {
            throw new RequestBodyException(RequestBodyException.BAD_REQUEST,
                    "the request body breaks a limit; nothing was accepted",
                    List.of(constraintBroken(e) + where(e.getLocation())));
        } catch (StreamReadException e) {
            throw new RequestBodyException(RequestBodyException.BAD_REQUEST,
                    "the request body is not valid " + (ndjson ? "NDJSON" : "JSON") + "; nothing was accepted",
                    List.of(syntaxError(e)));
        }
    }

    private List<EntryDraft> readJson(JsonParser parser, EntryReader entries) throws IOException {
        JsonToken first = parser.nextToken();
        List<EntryDraft> drafts = new ArrayList<>();
        if (first == JsonToken.START_OBJECT) {
            // A lone entry's problems are reported as "[0].field", the path it would have in an array.
            drafts.add(entries.read(parser, "[0]"));
        } else if (first == JsonToken.START_ARRAY) {
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (drafts.size() == limits.maxEntries()) {
                    throw tooManyEntries();
                }
                drafts.add(entries.read(parser, "[" + drafts.size() + "]"));
            }
        } else {
            throw new RequestBodyException(RequestBodyException.BAD_REQUEST,
                    first == null ? "the request body is empty; nothing was accepted"
                            : "the request body is not a log entry; nothing was accepted",
                    List.of("send a log entry object, a JSON array of them, or NDJSON with Content-Type "
                            + IngestResource.NDJSON));
        }
        if (parser.nextToken() != null) {
            throw new RequestBodyException(RequestBodyException.BAD_REQUEST,
                    "the request body holds more than one JSON value; nothing was accepted",
                    List.of("unexpected content after the entries" + where(parser.currentTokenLocation())
                            + "; to send one entry per line, use Content-Type " + IngestResource.NDJSON));
        }
        return drafts;
    }

    private List<EntryDraft> readLines(JsonParser parser, EntryReader entries) throws IOException {
        List<EntryDraft> drafts = new ArrayList<>();
        int lastLine = 0;
        for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
            int line = parser.currentTokenLocation().getLineNr();
            if (line == lastLine) {
                throw new RequestBodyException(RequestBodyException.BAD_REQUEST,
                        "the request body is not valid NDJSON; nothing was accepted",
                        List.of("line " + line + ": holds a second value; NDJSON holds one entry per line"));
            }
            if (drafts.size() == limits.maxEntries()) {
                throw tooManyEntries();
            }
            drafts.add(entries.read(parser, "line " + line));
            lastLine = parser.currentLocation().getLineNr();
        }
        return drafts;
    }

    private RequestBodyException tooManyEntries() {
        return new RequestBodyException(RequestBodyException.PAYLOAD_TOO_LARGE,
                "the request holds more than " + limits.maxEntries() + " entries; nothing was accepted",
                List.of("send at most " + limits.maxEntries() + " entries per request, split into several requests"));
    }

    private String constraintBroken(StreamConstraintsException e) {
        StreamReadConstraints limits = json.streamReadConstraints();
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (message.contains("nesting depth")) {
            return "JSON nested deeper than " + limits.getMaxNestingDepth() + " levels";
        }
        if (message.contains("Number value length")) {
            return "a number longer than " + limits.getMaxNumberLength() + " characters";
        }
        if (message.contains("Name length")) {
            return "a field name longer than " + limits.getMaxNameLength() + " characters";
        }
        if (message.contains("String value length")) {
            // The parser buffers a number's digits as text, so a huge number breaks this limit too.
            return "a string or number longer than " + limits.getMaxStringLength() + " characters";
        }
        return "a value too large to be read";
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** Jackson's description of a syntax error, without the parser internals it adds. */
    private static String syntaxError(StreamReadException e) {
        String description = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        int lineEnd = description.indexOf('\n');
        description = (lineEnd < 0 ? description : description.substring(0, lineEnd))
                .replaceAll("\\s*\\(start marker at \\[Source: [^]]*\\]\\)", "");
        // Jackson reports an escaped lone surrogate in a field name as if it were bad UTF-8.
        String kind = description.contains("surrogate") ? "a lone surrogate, which is not valid Unicode,"
                : description.contains("UTF-8") ? "invalid UTF-8" : "malformed JSON";
        return kind + where(e.getLocation()) + (description.isEmpty() ? "" : ": " + description);
    }
}
