package io.logpipe.http;

import io.logpipe.domain.Principal;
import io.logpipe.domain.Role;
import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Locale;

/**
 * Authenticates a request by its API key, sent as {@code Authorization: Bearer <key>} or, for shippers that cannot
 * set an Authorization header, as {@code X-API-Key: <key>}. The Authorization header wins when both are present.
 * A refused key is answered 401, an address out of tries for refused keys 429; either before the body is read.
 */
// Without the priority this filter could run after the @RolesAllowed check.
@Priority(Priorities.AUTHENTICATION)
final class ApiKeyAuthFilter implements ContainerRequestFilter {
    static final String SCHEME = "Bearer";
    static final String REALM = "logpipe";
    static final String API_KEY_HEADER = "X-API-Key";

    private final ApiKeyAuthenticator authenticator;
    private final JsonUnauthorizedHandler unauthorized = new JsonUnauthorizedHandler();
    @Context
    private HttpServletRequest servletRequest;

    ApiKeyAuthFilter(ApiKeyAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Principal caller = authenticator.authenticate(presentedKey(request), servletRequest.getRemoteAddr())
                .orElseThrow(() -> unauthorized.buildException(SCHEME, REALM));
        SecurityContext before = request.getSecurityContext();
        request.setSecurityContext(new KeySecurityContext(caller, before != null && before.isSecure()));
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

    /**
     * Answers {@code @RolesAllowed("ingest")} and the like from the key's roles. Checked before the request body is
     * read, so a key without the role gets 403 whatever it sent. The use cases check the same roles again.
     */
    private record KeySecurityContext(Principal caller, boolean secure) implements SecurityContext {
        @Override
        public java.security.Principal getUserPrincipal() {
            return caller;
        }

        @Override
        public boolean isUserInRole(String role) {
            return caller.has(Role.parse(role));
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return SCHEME;
        }
    }
}
