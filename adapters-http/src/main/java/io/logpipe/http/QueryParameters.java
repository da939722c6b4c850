package io.logpipe.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.logpipe.application.TextRules;
import io.logpipe.domain.MalformedRequestException;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the query string of {@code GET /query} and {@code GET /query/histogram} into a {@link QueryRequest}. Every
 * parameter is taken as a string, because Jersey answers a parameter it cannot convert with a bare 404.
 *
 * <p>{@code attr.<dotted.key>=<value>} is an attribute condition. A value typed in a URL has no JSON type, so it
 * matches the attribute as a string and, when it reads as a JSON number, {@code true} or {@code false}, as that too:
 * {@code attr.status=500} finds both {@code 500} and {@code "500"}.
 */
final class QueryParameters {
    static final String ATTRIBUTE_PREFIX = "attr.";

    private QueryParameters() {
    }

    /**
     * @throws MalformedRequestException naming every parameter {@code kind} does not take, or if the query string
     *     cannot be decoded
     */
    static QueryRequest read(UriInfo uri, QueryRequest.Kind kind) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        AttributeConditions attributes = new AttributeConditions("attr", problems);
        decoded(uri).forEach((name, values) -> {
            if (name.startsWith(ATTRIBUTE_PREFIX)) {
                readAttribute(name.substring(ATTRIBUTE_PREFIX.length()), values, attributes);
            } else if (kind.fields().contains(name)) {
                fields.put(name, values);
            } else {
                unknown.add(Shown.text(name) + ": unknown parameter; known are " + String.join(", ", kind.fields())
                        + " and " + ATTRIBUTE_PREFIX + "<key>");
            }
        });
        if (!unknown.isEmpty()) {
            throw new MalformedRequestException("unknown query parameters; nothing was searched", unknown);
        }
        return new QueryRequest(fields, attributes.matches(), problems);
    }

    /** Jetty refuses most malformed escapes itself; any it lets through are the client's fault, not a 500. */
    private static MultivaluedMap<String, String> decoded(UriInfo uri) {
        try {
            return uri.getQueryParameters();
        } catch (IllegalArgumentException e) {
            throw new MalformedRequestException("the query string cannot be decoded", List.of(
                    "query string: every % must start an escape of two hexadecimal digits, such as %20"));
        }
    }

    private static void readAttribute(String key, List<String> values, AttributeConditions attributes) {
        List<String> path = new ArrayList<>();
        if (values.stream().allMatch(String::isBlank) || !attributes.appendKey(path, key)) {
            return;
        }
        for (String value : values) {
            if (value.isBlank()) {
                continue;
            }
            String problem = TextRules.problem(value);
            if (problem == null) {
                attributes.add(path, jsonTexts(value));
            } else {
                attributes.problem(path, problem);
            }
        }
    }

    /** The JSON values a URL value may mean: always the string, and the literal when it reads as one. */
    private static List<String> jsonTexts(String value) {
        String string = '"' + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + '"';
        boolean literal = value.equals("true") || value.equals("false") || AttributeConditions.isStorableNumber(value);
        return literal ? List.of(string, value) : List.of(string);
    }
}
