package io.logpipe.http;

import io.logpipe.domain.MalformedRequestException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** 400: the request cannot be understood as written, such as an unknown parameter or a foreign cursor. */
final class MalformedRequestExceptionMapper implements ExceptionMapper<MalformedRequestException> {

    @Override
    public Response toResponse(MalformedRequestException exception) {
        return ErrorResponse.builder(Response.Status.BAD_REQUEST.getStatusCode(), exception.getMessage(),
                exception.errors()).build();
    }
}
