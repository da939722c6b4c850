package io.logpipe.http;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;

/** 403 from a {@code @RolesAllowed} check: the key is valid but lacks the role this endpoint needs. */
final class ForbiddenExceptionMapper implements ExceptionMapper<ForbiddenException> {

    @Override
    public Response toResponse(ForbiddenException exception) {
        return ErrorResponse.builder(Response.Status.FORBIDDEN.getStatusCode(),
                "this API key lacks the role this endpoint needs",
                List.of("/ingest needs the 'ingest' role; /query and /query/histogram need the 'query' role; "
                        + "/admin/keys, /admin/audit, /admin/dead-letters and /admin/retention need the 'admin' "
                        + "role")).build();
    }
}
