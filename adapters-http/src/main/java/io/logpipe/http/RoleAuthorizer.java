package io.logpipe.http;

import io.dropwizard.auth.Authorizer;
import io.logpipe.domain.Principal;
import io.logpipe.domain.Role;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Answers {@code @RolesAllowed("ingest")} and the like from the key's roles. Checked before the request body is read,
 * so a key without the role gets 403 whatever it sent. The use cases check the same roles again for every caller.
 */
final class RoleAuthorizer implements Authorizer<Principal> {

    @Override
    public boolean authorize(Principal principal, String role, ContainerRequestContext requestContext) {
        return principal.has(Role.parse(role));
    }
}
