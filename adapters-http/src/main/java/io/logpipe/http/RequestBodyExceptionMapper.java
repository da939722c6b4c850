package io.logpipe.http;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** The status a {@link RequestBodyException} carries, with our JSON body. */
final class RequestBodyExceptionMapper implements ExceptionMapper<RequestBodyException> {

    @Override
    public Response toResponse(RequestBodyException exception) {
        return ErrorResponse.builder(exception.status(), exception.getMessage(), exception.errors()).build();
    }
}
