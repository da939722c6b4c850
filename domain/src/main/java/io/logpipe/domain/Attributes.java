package io.logpipe.domain;

import java.util.Objects;

/**
 * An entry's structured fields as the text of one JSON object, such as {@code {"user_id": 42}}.
 *
 * <p>Attributes travel as text from the ingest reader through the queue into PostgreSQL's {@code jsonb} and back out
 * of a query, so numbers keep their exact value and nothing is converted on the way; {@code jsonb} respells the text
 * (keys sorted, {@code 1e2} as {@code 100}), so what a query returns equals what was sent as JSON, not as text.
 * The domain does not parse JSON: whoever makes an {@code Attributes} vouches that the text is one valid JSON
 * object (the ingest reader copies it token by token; the store reads it from {@code jsonb}). Two values are equal
 * when their texts are, so the same object written with other spacing or key order is a different value.
 *
 * @param json the object's text, never null; {@code "{}"} for none
 */
public record Attributes(String json) {
    private static final Attributes NONE = new Attributes("{}");

    public Attributes {
        Objects.requireNonNull(json, "json");
        if (json.isEmpty() || json.charAt(0) != '{' || json.charAt(json.length() - 1) != '}') {
            throw new IllegalArgumentException("attributes must be a JSON object");
        }
    }

    /** No attributes: {@code {}}. */
    public static Attributes none() {
        return NONE;
    }

    /** @throws IllegalArgumentException if {@code json} does not look like a JSON object */
    public static Attributes of(String json) {
        return json.equals("{}") ? NONE : new Attributes(json);
    }

    public boolean isEmpty() {
        return json.equals("{}");
    }
}
