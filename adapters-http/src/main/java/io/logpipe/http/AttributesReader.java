package io.logpipe.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.logpipe.application.TextRules;
import io.logpipe.domain.Attributes;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an entry's {@code attributes} object and checks it in the same pass, copying it token by token into compact
 * JSON text: keys and strings must pass {@link TextRules}, nesting may go {@code maxDepth} levels deep, and the text
 * may take {@code maxBytes}. Numbers are copied as written, so their digits survive exactly.
 *
 * <p>The work is linear in the object's size whatever its shape: the path to a value is kept as a stack of segments
 * and turned into text only for a problem. One instance serves one request; not thread-safe.
 */
final class AttributesReader {
    /**
     * Far beyond a double's range, yet small enough: jsonb writes numbers out in full, so {@code 1e100000}, which
     * PostgreSQL would still store, would come back from every query as 100,001 digits.
     */
    static final int MAX_EXPONENT = 1_000;

    private final int maxDepth;
    private final int maxBytes;
    private final StringWriter text = new StringWriter(256);
    private final JsonGenerator out;
    /** Keys (String) and array indices (int[] of one, counted in place) from the object down to the current value. */
    private final List<Object> path = new ArrayList<>();

    AttributesReader(JsonFactory json, int maxDepth, int maxBytes) throws IOException {
        this.maxDepth = maxDepth;
        this.maxBytes = maxBytes;
        this.out = json.createGenerator(text);
        out.setRootValueSeparator(null); // one generator writes every entry's object; nothing between them
    }

    /**
     * Reads the object at the parser's {@code START_OBJECT}, leaving the parser on its {@code END_OBJECT}.
     *
     * @param problems where to note {@code "attributes.<path>: <problem>"} lines
     * @return the attributes, or null if a problem was found
     */
    Attributes read(JsonParser parser, ReaderProblems problems) throws IOException {
        long problemsBefore = problems.entryCount();
        text.getBuffer().setLength(0);
        path.clear();
        int depth = 0;
        JsonToken token = parser.currentToken();
        while (true) {
            switch (token) {
                case START_OBJECT, START_ARRAY -> {
                    depth++;
                    if (depth > maxDepth) {
                        problems.add(() -> where() + ": nested deeper than " + maxDepth + " levels");
                        parser.skipChildren();
                        out.writeNull(); // keeps the copy well-formed; it is discarded for the problem anyway
                        depth--;
                        afterValue();
                        break;
                    }
                    if (token == JsonToken.START_OBJECT) {
                        out.writeStartObject();
                        path.add(null);
                    } else {
                        out.writeStartArray();
                        path.add(new int[] {0});
                    }
                }
                case END_OBJECT, END_ARRAY -> {
                    depth--;
                    path.remove(path.size() - 1);
                    if (token == JsonToken.END_OBJECT) {
                        out.writeEndObject();
                    } else {
                        out.writeEndArray();
                    }
                    if (depth == 0) {
                        return finish(problems, problemsBefore);
                    }
                    afterValue();
                }
                case FIELD_NAME -> {
                    String key = parser.currentName();
                    path.set(path.size() - 1, key);
                    String problem = TextRules.problem(key);
                    if (problem != null) {
                        problems.add(() -> where() + " (the key): " + problem);
                    }
                    out.writeFieldName(key);
                }
                case VALUE_STRING -> {
                    char[] chars = parser.getTextCharacters();
                    int offset = parser.getTextOffset();
                    int length = parser.getTextLength();
                    String problem = TextRules.problem(chars, offset, length);
                    if (problem != null) {
                        problems.add(() -> where() + ": " + problem);
                    }
                    out.writeString(chars, offset, length);
                    afterValue();
                }
                case VALUE_NUMBER_INT -> {
                    out.writeNumber(parser.getText());
                    afterValue();
                }
                case VALUE_NUMBER_FLOAT -> {
                    String number = parser.getText();
                    if (!fitsNumeric(number)) {
                        problems.add(() -> where() + ": number is out of range; exponents may reach +-" + MAX_EXPONENT);
                    }
                    out.writeNumber(number);
                    afterValue();
                }
                case VALUE_TRUE, VALUE_FALSE -> {
                    out.writeBoolean(token == JsonToken.VALUE_TRUE);
                    afterValue();
                }
                case VALUE_NULL -> {
                    out.writeNull();
                    afterValue();
                }
                default -> throw new IllegalStateException("unexpected JSON token " + token);
            }
            token = parser.nextToken();
        }
    }

    private Attributes finish(ReaderProblems problems, long problemsBefore) throws IOException {
        out.flush();
        StringBuffer json = text.getBuffer();
        // Each char is 1 to 3 bytes in UTF-8 (a surrogate pair is 4 for 2), so only long texts are measured.
        if ((long) json.length() * 3 > maxBytes && TextRules.utf8Length(json) > maxBytes) {
            problems.add("attributes: must take at most " + maxBytes + " bytes as JSON");
        }
        return problems.entryCount() > problemsBefore ? null : Attributes.of(json.toString());
    }

    /** Moves an array's index on past the value just read. */
    private void afterValue() {
        if (!path.isEmpty() && path.get(path.size() - 1) instanceof int[] index) {
            index[0]++;
        }
    }

    /** The path to the current value, such as {@code attributes.user.tags[2]}, with long keys shortened. */
    private String where() {
        StringBuilder where = new StringBuilder("attributes");
        for (Object segment : path) {
            if (segment instanceof int[] index) {
                where.append('[').append(index[0]).append(']');
            } else if (segment instanceof String key) {
                where.append('.').append(Shown.text(key));
            }
        }
        return where.toString();
    }

    /**
     * Whether an attribute may hold the number, written as valid JSON: its exponent within {@link #MAX_EXPONENT}.
     * The one rule for ingest and for attribute conditions of queries, which no stored number could match otherwise.
     */
    static boolean fitsNumeric(String number) {
        if (number.indexOf('e') < 0 && number.indexOf('E') < 0) {
            return true;
        }
        try {
            BigDecimal value = new BigDecimal(number);
            long exponent = (long) value.precision() - value.scale() - 1;
            return Math.abs(exponent) <= MAX_EXPONENT;
        } catch (NumberFormatException e) {
            return false; // an exponent beyond an int
        }
    }
}
