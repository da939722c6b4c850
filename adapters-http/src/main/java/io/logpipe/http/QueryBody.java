package io.logpipe.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.logpipe.application.TextRules;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.MalformedRequestException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the JSON body of {@code POST /query} and {@code POST /query/histogram} into a {@link QueryRequest}: the same
 * fields as the {@code GET} parameters, {@code service}, {@code level} and {@code host} each a string or an array of
 * strings, {@code from}, {@code to} and {@code limit} also as numbers. Read with a parser of its own, so the
 * application's ObjectMapper settings cannot change what is accepted.
 *
 * <p>{@code attributes} is an object whose nested objects are flattened into dotted paths, each leaf a condition;
 * a leaf (string, number, boolean, null or array) keeps its JSON type, so {@code {"status": 500}} does not find
 * {@code "500"}. Keys written with dots are split, as in a URL.
 */
final class QueryBody {
    static final long MAX_BODY_BYTES = 64 * 1024;
    private static final Set<String> NUMBERS_ALLOWED = Set.of("from", "to", "limit");
    private static final String SHAPE = "send a JSON object such as {\"service\": [\"checkout\"], \"q\": \"timeout\"}";
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private QueryBody() {
    }

    /**
     * @throws RequestBodyException 415 for a Content-Type other than JSON, 413 for a body over
     *     {@value #MAX_BODY_BYTES} bytes, 400 for a body that is not one JSON object
     * @throws MalformedRequestException naming every field {@code kind} does not take
     * @throws IOException if the body cannot be read
     */
    static QueryRequest read(HttpHeaders headers, InputStream body, QueryRequest.Kind kind) throws IOException {
        requireJson(headers);
        if (headers.getLength() > MAX_BODY_BYTES) {
            throw BoundedBody.tooLarge(MAX_BODY_BYTES);
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        AttributeConditions attributes = new AttributeConditions("attributes", problems);
        try (JsonParser json = JSON.createParser(new BoundedBody(body, MAX_BODY_BYTES))) {
            JsonToken first = json.nextToken();
            if (first == null) {
                throw notJson("the request body is empty");
            }
            if (first != JsonToken.START_OBJECT) {
                throw notJson("the request body must be a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                json.nextToken();
                if (name.equals("attributes")) {
                    readAttributes(json, attributes, problems);
                } else if (kind.fields().contains(name)) {
                    readField(json, name, fields, problems);
                } else {
                    unknown.add(Shown.text(name) + ": unknown field; known are " + String.join(", ", kind.fields())
                            + " and attributes");
                    json.skipChildren();
                }
            }
            if (json.nextToken() != null) {
                throw notJson("malformed JSON" + where(json.currentLocation()) + ": more after the object");
            }
        } catch (JsonProcessingException e) {
            throw notJson("malformed JSON" + where(e.getLocation()));
        }
        if (!unknown.isEmpty()) {
            throw new MalformedRequestException("unknown fields in the request body; nothing was searched", unknown);
        }
        return new QueryRequest(fields, attributes.matches(), problems);
    }

    private static void requireJson(HttpHeaders headers) {
        MediaType type = headers.getMediaType();
        if (type != null && !type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            throw new RequestBodyException(RequestBodyException.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type '" + Shown.text(type.toString()) + "' is not supported; nothing was searched",
                    List.of("send Content-Type: application/json"));
        }
    }

    /** A field other than attributes, at its value: null counts as absent, as a blank does. */
    private static void readField(JsonParser json, String name, Map<String, List<String>> fields,
            List<String> problems) throws IOException {
        JsonToken token = json.currentToken();
        if (token == JsonToken.VALUE_STRING || (token.isNumeric() && NUMBERS_ALLOWED.contains(name))) {
            fields.put(name, List.of(json.getText()));
        } else if (token == JsonToken.START_ARRAY && QueryRequest.REPEATABLE.contains(name)) {
            List<String> values = new ArrayList<>();
            int index = 0;
            for (JsonToken element = json.nextToken(); element != JsonToken.END_ARRAY; element = json.nextToken()) {
                if (element == JsonToken.VALUE_STRING) {
                    values.add(json.getText());
                } else {
                    problems.add(name + "[" + index + "]: must be a string");
                    json.skipChildren();
                }
                index++;
            }
            fields.put(name, values);
        } else if (token != JsonToken.VALUE_NULL) {
            problems.add(name + ": " + expected(name));
            json.skipChildren();
        }
    }

    private static String expected(String name) {
        if (QueryRequest.REPEATABLE.contains(name)) {
            return "must be a string or an array of strings";
        }
        return switch (name) {
            case "from", "to" -> "must be an RFC 3339 string or a number of milliseconds since 1970";
            case "limit" -> "must be a whole number from 1 to " + LogQuery.MAX_LIMIT;
            default -> "must be a string";
        };
    }

    private static void readAttributes(JsonParser json, AttributeConditions attributes, List<String> problems)
            throws IOException {
        JsonToken token = json.currentToken();
        if (token == JsonToken.START_OBJECT) {
            readObject(json, new ArrayList<>(), attributes);
        } else if (token != JsonToken.VALUE_NULL) {
            problems.add("attributes: must be an object such as {\"http\": {\"status\": 500}}");
            json.skipChildren();
        }
    }

    /**
     * The object at the parser's {@code START_OBJECT} under {@code path}, leaving the parser on its {@code END_OBJECT}.
     * Recursion is bounded by the path's depth, which {@link AttributeConditions#appendKey} limits.
     */
    private static void readObject(JsonParser json, List<String> path, AttributeConditions attributes)
            throws IOException {
        boolean empty = true;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            empty = false;
            int depth = path.size();
            boolean usable = attributes.appendKey(path, json.currentName());
            JsonToken value = json.nextToken();
            if (!usable) {
                json.skipChildren();
            } else if (value == JsonToken.START_OBJECT) {
                readObject(json, path, attributes);
            } else {
                String leaf = leaf(json, path, attributes);
                if (leaf != null) {
                    attributes.add(path, List.of(leaf));
                }
            }
            path.subList(depth, path.size()).clear();
        }
        if (empty && !path.isEmpty()) {
            attributes.problem(path, "is an empty object, which names no attribute; give a value at its keys");
        }
    }

    /**
     * The JSON text of the value at the parser, written compactly with numbers as sent, or null if it holds a text
     * or a number that no stored attribute can hold.
     */
    private static String leaf(JsonParser json, List<String> path, AttributeConditions attributes)
            throws IOException {
        StringWriter text = new StringWriter(32);
        boolean storable = true;
        try (JsonGenerator out = JSON.createGenerator(text)) {
            int depth = 0;
            do {
                JsonToken token = json.currentToken();
                switch (token) {
                    case VALUE_STRING -> {
                        String problem = TextRules.problem(json.getText());
                        if (problem != null && storable) {
                            attributes.problem(path, problem);
                            storable = false;
                        }
                        out.writeString(json.getText());
                    }
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                        if (!AttributeConditions.isStorableNumber(json.getText()) && storable) {
                            attributes.problem(path, "number is out of range; exponents may reach +-"
                                    + AttributesReader.MAX_EXPONENT);
                            storable = false;
                        }
                        out.writeNumber(json.getText());
                    }
                    case FIELD_NAME -> {
                        String problem = TextRules.problem(json.currentName());
                        if (problem != null && storable) {
                            attributes.problem(path, "a key " + problem);
                            storable = false;
                        }
                        out.writeFieldName(json.currentName());
                    }
                    default -> out.copyCurrentEvent(json);
                }
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                }
            } while (depth > 0 && json.nextToken() != null);
        }
        return storable ? text.toString() : null;
    }

    private static RequestBodyException notJson(String problem) {
        return new RequestBodyException(RequestBodyException.BAD_REQUEST,
                "the request body is not a JSON object; nothing was searched", List.of(problem + "; " + SHAPE));
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
