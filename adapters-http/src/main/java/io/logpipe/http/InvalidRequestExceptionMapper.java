package io.logpipe.http;

import io.logpipe.domain.InvalidRequestException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** 422: the request is well-formed JSON but its values break the rules; every problem is listed. */
final class InvalidRequestExceptionMapper implements ExceptionMapper<InvalidRequestException> {
    static final int UNPROCESSABLE_ENTITY = 422;

    @Override
    public Response toResponse(InvalidRequestException exception) {
        return ErrorResponse.builder(UNPROCESSABLE_ENTITY, exception.getMessage(), exception.errors()).build();
    }
}
