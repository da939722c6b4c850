package io.logpipe.http;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.io.EOFException;
import java.util.List;

/**
 * 400 when the body stops early, as when a client disconnects mid-upload (Jetty's {@code EofException} is an
 * {@link EOFException}). A client fault, so neither a 500 nor an error log.
 */
final class EofExceptionMapper implements ExceptionMapper<EOFException> {

    @Override
    public Response toResponse(EOFException exception) {
        return ErrorResponse.builder(Response.Status.BAD_REQUEST.getStatusCode(),
                "the request body ended before it was complete", List.of()).build();
    }
}
