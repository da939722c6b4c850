package io.logpipe.http;

import io.dropwizard.auth.Auth;
import io.logpipe.application.ReadAudit;
import io.logpipe.domain.Principal;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code GET /admin/audit}: an admin key's view of its own tenant's audit trail, newest first, a page at a time:
 * {@code limit} (1 to 1000, default 100), {@code action} (such as {@code key.create}) and {@code cursor}.
 */
@Path("/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
public final class AuditResource {
    private final ReadAudit audit;

    AuditResource(ReadAudit audit) {
        this.audit = audit;
    }

    @GET
    @RolesAllowed("admin")
    public AuditPageResponse page(@Auth Principal caller, @Context UriInfo uri) {
        AuditPageRequest request = AuditPageRequest.read(uri);
        return AuditPageResponse.from(audit.page(caller, request.limit(), request.action(), request.beforeId()));
    }
}
