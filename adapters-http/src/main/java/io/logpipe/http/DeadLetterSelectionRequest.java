package io.logpipe.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.logpipe.domain.InvalidRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /admin/dead-letters/replay} and {@code .../purge}: {@code {"ids": ["...", ...]}} for some
 * dead letters, or {@code {"all": true}} for all of the caller's. Read with a parser of its own, so the application's
 * ObjectMapper settings cannot change what is accepted. A body that is not JSON is a 400, as for ingest; JSON of
 * another shape is a 422 naming every problem.
 *
 * @param ids the ids, in the order sent; empty when {@code all}
 * @param all whether every dead letter is meant
 */
record DeadLetterSelectionRequest(List<String> ids, boolean all) {
    static final int MAX_IDS = 1_000;
    static final int MAX_ID_LENGTH = 100;
    static final long MAX_BODY_BYTES = 256 * 1024;
    private static final int LISTED_PROBLEMS = 100;
    private static final String SHAPE = "send {\"ids\": [\"<id>\", ...]} or {\"all\": true}";
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    DeadLetterSelectionRequest {
        ids = List.copyOf(ids);
    }

    /**
     * @throws RequestBodyException 400 if the body is not one JSON value, 413 if it is larger than
     *     {@value #MAX_BODY_BYTES} bytes
     * @throws InvalidRequestException 422 naming every problem of a JSON body of another shape
     * @throws IOException if the body cannot be read
     */
    static DeadLetterSelectionRequest read(InputStream body) throws IOException {
        Problems problems = new Problems();
        List<String> ids = null;
        boolean all = false;
        try (JsonParser json = JSON.createParser(new BoundedBody(body, MAX_BODY_BYTES))) {
            JsonToken first = json.nextToken();
            if (first == null) {
                throw notJson("the request body is empty");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new InvalidRequestException("invalid selection of dead letters; nothing was done",
                        List.of("body: must be a JSON object; " + SHAPE));
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                if (name.equals("ids")) {
                    ids = readIds(json, problems);
                } else if (name.equals("all")) {
                    all = value == JsonToken.VALUE_TRUE;
                    if (!all) {
                        problems.add("all: must be true, or left out");
                    }
                    json.skipChildren();
                } else {
                    problems.add(Shown.text(name) + ": unknown field; " + SHAPE);
                    json.skipChildren();
                }
            }
            if (json.nextToken() != null) {
                throw notJson("malformed JSON" + where(json.currentLocation()) + ": more after the object");
            }
        } catch (StreamReadException e) {
            throw notJson("malformed JSON" + where(e.getLocation()));
        }
        if (ids != null && all) {
            problems.add("send either ids or all, not both");
        } else if (ids == null && !all) {
            problems.add("ids: is required, unless all is true; " + SHAPE);
        } else if (ids != null && ids.isEmpty() && problems.isEmpty()) {
            problems.add("ids: must name at least one dead letter");
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("invalid selection of dead letters; nothing was done", problems.lines());
        }
        return new DeadLetterSelectionRequest(ids == null ? List.of() : ids, all);
    }

    private static List<String> readIds(JsonParser json, Problems problems) throws IOException {
        List<String> ids = new ArrayList<>();
        if (json.currentToken() != JsonToken.START_ARRAY) {
            problems.add("ids: must be an array of dead-letter ids");
            json.skipChildren();
            return ids;
        }
        int index = 0;
        for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; token = json.nextToken(), index++) {
            if (index == MAX_IDS) {
                problems.add("ids: at most " + MAX_IDS + " per request; send the rest in another");
            }
            if (token == JsonToken.VALUE_STRING && isId(json.getText())) {
                if (index < MAX_IDS) {
                    ids.add(json.getText());
                }
            } else if (index < MAX_IDS) {
                problems.add("ids[" + index + "]: must be a dead-letter id as this API lists them: 1 to "
                        + MAX_ID_LENGTH + " visible ASCII characters");
            }
            json.skipChildren();
        }
        return ids;
    }

    /** Ids are echoed in answers, so only text that is always safe to echo can be one. */
    private static boolean isId(String text) {
        if (text.isEmpty() || text.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '!' || text.charAt(i) > '~') {
                return false;
            }
        }
        return true;
    }

    private static RequestBodyException notJson(String problem) {
        return new RequestBodyException(RequestBodyException.BAD_REQUEST,
                "the request body is not valid JSON; nothing was done", List.of(problem + "; " + SHAPE));
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** The first {@value #LISTED_PROBLEMS} problems, then a count of the rest. */
    private static final class Problems {
        private final List<String> listed = new ArrayList<>();
        private long more;

        void add(String problem) {
            if (listed.size() < LISTED_PROBLEMS) {
                listed.add(problem);
            } else {
                more++;
            }
        }

        boolean isEmpty() {
            return listed.isEmpty();
        }

        List<String> lines() {
            List<String> lines = new ArrayList<>(listed);
            if (more > 0) {
                lines.add("... and " + more + " more problem" + (more == 1 ? "" : "s"));
            }
            return lines;
        }
    }
}
