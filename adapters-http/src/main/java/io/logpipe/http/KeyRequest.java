package io.logpipe.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.logpipe.application.NewApiKey;
import io.logpipe.application.TextRules;
import io.logpipe.domain.InvalidRequestException;
import io.logpipe.domain.MalformedRequestException;
import io.logpipe.domain.Role;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the bodies of {@code POST /admin/keys}, {@code {"roles": [...], "description": "...", "expires_at": "..."}},
 * and of {@code POST /admin/keys/{key_id}/rotate}, {@code {"grace_seconds": n}}, with a parser of their own, so the
 * application's ObjectMapper settings cannot change what is accepted. A body that is not one JSON object is a 400, as
 * is a field the endpoint does not take (each named); a value of the wrong type a 422 naming every problem. Whether
 * the values are allowed (at least one role, a short description, an expiry in the future) is the use case's to say.
 */
final class KeyRequest {
    static final long MAX_BODY_BYTES = 8 * 1024;
    private static final int MAX_ROLES = 16;
    private static final String CREATE_SHAPE = "send {\"roles\": [\"ingest\", \"query\"], \"description\": \"...\", "
            + "\"expires_at\": \"2027-01-01T00:00:00Z\"}; only roles is required";
    private static final String ROTATE_SHAPE = "send {\"grace_seconds\": <whole number>}, {} or nothing";
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private KeyRequest() {
    }

    /**
     * The key a {@code POST /admin/keys} body asks for.
     *
     * @throws RequestBodyException 400 if the body is not one JSON object, 413 if it is larger than
     *     {@value #MAX_BODY_BYTES} bytes
     * @throws MalformedRequestException naming every unknown field
     * @throws InvalidRequestException naming every value of the wrong type
     * @throws IOException if the body cannot be read
     */
    static NewApiKey create(InputStream body) throws IOException {
        List<String> problems = new ArrayList<>();
        Draft draft = new Draft();
        readObject(body, CREATE_SHAPE, false, "roles, description and expires_at", (name, json) -> {
            switch (name) {
                case "roles" -> draft.roles = roles(json, problems);
                case "description" -> {
                    if (json.currentToken() == JsonToken.VALUE_STRING) {
                        draft.description = json.getText();
                        // Not Unicode: it could be neither stored as sent nor written into the answer.
                        String problem = TextRules.problem(draft.description);
                        if (problem != null) {
                            problems.add("description: " + problem);
                        }
                    } else if (json.currentToken() != JsonToken.VALUE_NULL) {
                        problems.add("description: must be a string");
                    }
                }
                case "expires_at" -> draft.expiresAt = expiresAt(json, problems);
                default -> {
                    return false;
                }
            }
            return true;
        });
        if (draft.roles == null) {
            problems.add("roles: is required; a key needs at least one of ingest, query, admin");
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("invalid key; none was made", problems);
        }
        return new NewApiKey(draft.roles, draft.description, draft.expiresAt);
    }

    /**
     * The grace period a rotate body asks for: zero when the body is empty or leaves it out.
     *
     * @param maxGrace the longest the use case allows
     * @throws RequestBodyException 400 if the body is neither empty nor one JSON object, 413 if it is larger than
     *     {@value #MAX_BODY_BYTES} bytes
     * @throws MalformedRequestException naming every unknown field
     * @throws InvalidRequestException if {@code grace_seconds} is not a whole number from 0 to {@code maxGrace}
     * @throws IOException if the body cannot be read
     */
    static Duration grace(InputStream body, Duration maxGrace) throws IOException {
        List<String> problems = new ArrayList<>();
        long[] seconds = {0};
        readObject(body, ROTATE_SHAPE, true, "grace_seconds", (name, json) -> {
            if (!name.equals("grace_seconds")) {
                return false;
            }
            if (json.currentToken() == JsonToken.VALUE_NUMBER_INT
                    && json.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                    && json.getLongValue() >= 0 && json.getLongValue() <= maxGrace.toSeconds()) {
                seconds[0] = json.getLongValue();
            } else if (json.currentToken() != JsonToken.VALUE_NULL) {
                problems.add("grace_seconds: must be a whole number of seconds from 0 to " + maxGrace.toSeconds());
            }
            return true;
        });
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("invalid rotation; nothing was changed", problems);
        }
        return Duration.ofSeconds(seconds[0]);
    }

    /**
     * Reads one JSON object, handing each field to {@code fields} with the parser at its value.
     *
     * @param emptyAllowed whether an empty body stands for an empty object
     * @param known the fields taken, for the answer to an unknown one
     */
    private static void readObject(InputStream body, String shape, boolean emptyAllowed, String known,
            FieldReader fields) throws IOException {
        List<String> unknown = new ArrayList<>();
        try (JsonParser json = JSON.createParser(new BoundedBody(body, MAX_BODY_BYTES))) {
            JsonToken first = json.nextToken();
            if (first == null && emptyAllowed) {
                return;
            }
            if (first == null) {
                throw notJson("the request body is empty", shape);
            }
            if (first != JsonToken.START_OBJECT) {
                throw notJson("the request body must be a JSON object", shape);
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                json.nextToken();
                if (!fields.read(name, json)) {
                    unknown.add(Shown.text(name) + ": unknown field; known are " + known);
                }
                json.skipChildren();
            }
            if (json.nextToken() != null) {
                throw notJson("malformed JSON" + where(json.currentLocation()) + ": more after the object", shape);
            }
        } catch (StreamReadException e) {
            throw notJson("malformed JSON" + where(e.getLocation()), shape);
        }
        if (!unknown.isEmpty()) {
            throw new MalformedRequestException("unknown fields in the request body; nothing was changed", unknown);
        }
    }

    @FunctionalInterface
    private interface FieldReader {
        /** Reads the field at the parser's value; false if it is not one the endpoint takes. */
        boolean read(String name, JsonParser json) throws IOException;
    }

    /** A key's fields as read so far. */
    private static final class Draft {
        Set<Role> roles;
        String description = "";
        Instant expiresAt;
    }

    private static Set<Role> roles(JsonParser json, List<String> problems) throws IOException {
        if (json.currentToken() != JsonToken.START_ARRAY) {
            problems.add("roles: must be an array of ingest, query, admin");
            return EnumSet.noneOf(Role.class);
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        int index = 0;
        for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; token = json.nextToken(), index++) {
            if (index == MAX_ROLES) {
                problems.add("roles: at most " + MAX_ROLES + " elements");
            }
            if (index >= MAX_ROLES) {
                json.skipChildren();
                continue;
            }
            if (token != JsonToken.VALUE_STRING) {
                problems.add("roles[" + index + "]: must be one of ingest, query, admin");
                json.skipChildren();
                continue;
            }
            try {
                roles.add(Role.parse(json.getText()));
            } catch (IllegalArgumentException e) {
                problems.add("roles[" + index + "]: unknown role '" + Shown.text(json.getText())
                        + "'; expected ingest, query or admin");
            }
        }
        return roles;
    }

    private static Instant expiresAt(JsonParser json, List<String> problems) throws IOException {
        if (json.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (json.currentToken() == JsonToken.VALUE_STRING) {
            try {
                return Rfc3339.parse(json.getText());
            } catch (IllegalArgumentException e) {
                // answered below, like any other value that is not a date-time
            }
        }
        problems.add("expires_at: " + Rfc3339.EXPECTED + ", or null for never");
        return null;
    }

    private static RequestBodyException notJson(String problem, String shape) {
        return new RequestBodyException(RequestBodyException.BAD_REQUEST,
                "the request body is not a JSON object; nothing was changed", List.of(problem + "; " + shape));
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
