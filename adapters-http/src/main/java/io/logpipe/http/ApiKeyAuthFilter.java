package io.logpipe.http;

import io.dropwizard.auth.AuthFilter;
import io.dropwizard.auth.Authenticator;
import io.logpipe.domain.Principal;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Locale;

/**
 * Authenticates a request by its API key, sent as {@code Authorization: Bearer <key>} or, for shippers that cannot
 * set an Authorization header, as {@code X-API-Key: <key>}. The Authorization header wins when both are present.
 */
// @Priority is not inherited from AuthFilter; without it this filter would run after the @RolesAllowed check.
@Priority(Priorities.AUTHENTICATION)
final class ApiKeyAuthFilter extends AuthFilter<String, Principal> {
    static final String SCHEME = "Bearer";
    static final String REALM = "logpipe";
    static final String API_KEY_HEADER = "X-API-Key";

    ApiKeyAuthFilter(Authenticator<String, Principal> authenticator) {
        this.authenticator = authenticator;
        this.prefix = SCHEME;
        this.realm = REALM;
        this.unauthorizedHandler = new JsonUnauthorizedHandler();
        this.authorizer = new RoleAuthorizer();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!authenticate(request, presentedKey(request), SCHEME)) {
            throw unauthorizedHandler.buildException(prefix, realm);
        }
    }

    private static String presentedKey(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            String trimmed = authorization.trim();
            int space = trimmed.indexOf(' ');
            // The scheme name is case-insensitive (RFC 9110, section 11.1).
            if (space > 0 && trimmed.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
                return blankToNull(trimmed.substring(space + 1).trim());
            }
        }
        return blankToNull(request.getHeaderString(API_KEY_HEADER));
    }

    private static String blankToNull(String key) {
        return key == null || key.isBlank() ? null : key.trim();
    }
}
