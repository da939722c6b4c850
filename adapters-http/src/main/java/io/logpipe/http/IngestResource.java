package io.logpipe.http;

import io.dropwizard.auth.Auth;
import io.logpipe.application.IngestLogs;
import io.logpipe.domain.Principal;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code POST /ingest}: queues log entries for the caller's tenant and answers 202 with their ids. */
@Path("/ingest")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public final class IngestResource {
    private final IngestLogs ingestLogs;

    IngestResource(IngestLogs ingestLogs) {
        this.ingestLogs = ingestLogs;
    }

    @POST
    @RolesAllowed("ingest")
    public Response ingest(@Auth Principal caller, @Valid IngestRequest request) {
        // Jackson hands over null for an empty body or a bare JSON null.
        if (request == null) {
            throw new BadRequestException("the request body is empty; send a log entry object or an array of them");
        }
        IngestResponse accepted = IngestResponse.from(ingestLogs.ingest(caller, request.toDrafts()));
        return Response.accepted(accepted).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
