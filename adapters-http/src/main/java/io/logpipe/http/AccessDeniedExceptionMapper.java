package io.logpipe.http;

import io.logpipe.domain.AccessDeniedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;

/** 403: the key is valid but lacks the role the request needs. */
final class AccessDeniedExceptionMapper implements ExceptionMapper<AccessDeniedException> {

    @Override
    public Response toResponse(AccessDeniedException exception) {
        return ErrorResponse.builder(Response.Status.FORBIDDEN.getStatusCode(), exception.getMessage(), List.of())
                .build();
    }
}
