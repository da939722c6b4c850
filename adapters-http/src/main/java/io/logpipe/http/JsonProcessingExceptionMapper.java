package io.logpipe.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Collection;
import java.util.List;

/**
 * 400 for a body that is not JSON or has the wrong JSON types. Jackson's own messages name Java classes and echo
 * parser internals, so the problem is described here from the exception's location and path instead.
 */
final class JsonProcessingExceptionMapper implements ExceptionMapper<JsonProcessingException> {

    @Override
    public Response toResponse(JsonProcessingException exception) {
        return ErrorResponse.builder(Response.Status.BAD_REQUEST.getStatusCode(),
                "the request body could not be read as JSON", List.of(describe(exception))).build();
    }

    private static String describe(JsonProcessingException exception) {
        StreamReadException syntaxError = syntaxErrorIn(exception);
        if (syntaxError != null) {
            return "malformed JSON" + where(syntaxError.getLocation());
        }
        if (exception instanceof MismatchedInputException mismatch) {
            return subject(mismatch) + ": expected " + expectedKind(mismatch.getTargetType());
        }
        if (exception instanceof JsonMappingException mapping) {
            return subject(mapping) + ": value cannot be read";
        }
        return "the JSON could not be processed" + where(exception.getLocation());
    }

    /** The syntax error behind {@code exception}: Jackson wraps one met inside an array to add the index. */
    private static StreamReadException syntaxErrorIn(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamReadException syntaxError) {
                return syntaxError;
            }
        }
        return null;
    }

    private static String subject(JsonMappingException exception) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : exception.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "request body" : path.toString();
    }

    private static String expectedKind(Class<?> type) {
        if (type == null) {
            return "a different JSON type";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        // What remains are our own records and maps: JSON objects.
        return "a JSON object";
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
