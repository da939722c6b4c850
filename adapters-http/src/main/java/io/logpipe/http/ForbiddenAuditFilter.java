package io.logpipe.http;

import io.logpipe.application.AuditDenials;
import io.logpipe.domain.Principal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/**
 * Has every 403 audited: the {@code @RolesAllowed} check's and a use case's refusal of a role alike, both of which
 * reach the client as a 403 from one of the exception mappers. Runs on the answer, so auditing cannot change it.
 */
final class ForbiddenAuditFilter implements ContainerResponseFilter {
    /** Paths are the client's; an audit event keeps no more of one than this. */
    static final int MAX_PATH_LENGTH = 100;

    private final AuditDenials denials;
    @Context
    private HttpServletRequest servletRequest;

    ForbiddenAuditFilter(AuditDenials denials) {
        this.denials = denials;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() != Response.Status.FORBIDDEN.getStatusCode()
                || request.getSecurityContext() == null
                || !(request.getSecurityContext().getUserPrincipal() instanceof Principal caller)) {
            return;
        }
        denials.forbidden(caller, servletRequest.getRemoteAddr(), request.getMethod() + " " + path(request));
    }

    /** As sent, still percent-encoded, so it holds no control characters. */
    private static String path(ContainerRequestContext request) {
        String path = "/" + request.getUriInfo().getPath(false).replaceFirst("^/+", "");
        return path.length() > MAX_PATH_LENGTH ? path.substring(0, MAX_PATH_LENGTH) + "..." : path;
    }
}
