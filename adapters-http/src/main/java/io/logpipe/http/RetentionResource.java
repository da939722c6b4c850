package io.logpipe.http;

import io.dropwizard.auth.Auth;
import io.logpipe.application.ManageRetention;
import io.logpipe.domain.Principal;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code /admin/retention}: an admin key's view of how long its own tenant's entries are kept. {@code PUT} sets the
 * tenant's own retention, {@code DELETE} returns it to the default; each answers with the retention then in effect.
 */
@Path("/admin/retention")
@Produces(MediaType.APPLICATION_JSON)
public final class RetentionResource {
    private final ManageRetention retention;

    RetentionResource(ManageRetention retention) {
        this.retention = retention;
    }

    @GET
    @RolesAllowed("admin")
    public RetentionResponse show(@Auth Principal caller) {
        return RetentionResponse.from(retention.show(caller));
    }

    @PUT
    @RolesAllowed("admin")
    public RetentionResponse set(@Auth Principal caller, @Context HttpServletRequest request, InputStream body)
            throws IOException {
        int days = RetentionRequest.read(body).days();
        return RetentionResponse.from(retention.set(caller, request.getRemoteAddr(), days));
    }

    @DELETE
    @RolesAllowed("admin")
    public RetentionResponse clear(@Auth Principal caller, @Context HttpServletRequest request) {
        return RetentionResponse.from(retention.clear(caller, request.getRemoteAddr()));
    }
}
