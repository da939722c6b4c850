package io.logpipe.http;

import com.fasterxml.jackson.core.JsonFactory;
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
 * The body of {@code PUT /admin/retention}: {@code {"days": n}}. Read with a parser of its own, as
 * {@link DeadLetterSelectionRequest} is: a body that is not JSON is a 400, JSON of another shape a 422 naming every
 * problem. The bounds of {@code days} are the use case's.
 */
record RetentionRequest(int days) {
    static final long MAX_BODY_BYTES = 4 * 1024;
    private static final String SHAPE = "send {\"days\": <whole number of days>}";
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * @throws RequestBodyException 400 if the body is not one JSON value, 413 if it is larger than
     *     {@value #MAX_BODY_BYTES} bytes
     * @throws InvalidRequestException 422 if it is JSON of another shape
     */
    static RetentionRequest read(InputStream body) throws IOException {
        List<String> problems = new ArrayList<>();
        Integer days = null;
        try (JsonParser json = JSON.createParser(new BoundedBody(body, MAX_BODY_BYTES))) {
            JsonToken first = json.nextToken();
            if (first == null) {
                throw notJson("the request body is empty");
            }
            if (first != JsonToken.START_OBJECT) {
                throw invalid(List.of("body: must be a JSON object; " + SHAPE));
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                if (!name.equals("days")) {
                    problems.add(Shown.text(name) + ": unknown field; " + SHAPE);
                } else if (value == JsonToken.VALUE_NUMBER_INT && json.getNumberType() == JsonParser.NumberType.INT) {
                    days = json.getIntValue();
                } else {
                    problems.add("days: must be a whole number of days");
                }
                json.skipChildren();
            }
            if (json.nextToken() != null) {
                throw notJson("malformed JSON: more after the object");
            }
        } catch (StreamReadException e) {
            throw notJson("malformed JSON");
        }
        if (days == null && problems.isEmpty()) {
            problems.add("days: is required; " + SHAPE);
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return new RetentionRequest(days);
    }

    private static InvalidRequestException invalid(List<String> problems) {
        return new InvalidRequestException("invalid retention; nothing was changed", problems);
    }

    private static RequestBodyException notJson(String problem) {
        return new RequestBodyException(RequestBodyException.BAD_REQUEST,
                "the request body is not valid JSON; nothing was changed", List.of(problem + "; " + SHAPE));
    }
}
