package io.logpipe.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The body of every error answer.
 *
 * @param code the HTTP status, repeated for clients that only keep the body
 * @param message what went wrong, for a human
 * @param errors one line per problem, such as {@code "[0].level: unknown level 'x' ..."}; empty, never absent
 */
record ErrorResponse(
        @JsonProperty("code") int code,
        @JsonProperty("message") String message,
        @JsonProperty("errors") List<String> errors) {

    ErrorResponse {
        errors = List.copyOf(errors);
    }

    /** A JSON response with this body, ready for extra headers. */
    static Response.ResponseBuilder builder(int status, String message, List<String> errors) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponse(status, message, errors));
    }
}
