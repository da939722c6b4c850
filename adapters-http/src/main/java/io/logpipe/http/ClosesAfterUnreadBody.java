package io.logpipe.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.util.Set;

/**
 * Answers a request refused before its body was read with {@code Connection: close}. The server drops such a
 * connection once the answer is out, since the rest of the body may still be on its way; without the header, a client
 * that keeps connections alive sends its next request into one that is closing, and that request fails with no answer.
 */
final class ClosesAfterUnreadBody implements ContainerResponseFilter {
    /** The answers given before a resource reads the body: authentication, roles, routing, size and type. */
    private static final Set<Integer> BEFORE_THE_BODY = Set.of(401, 403, 404, 405, 413, 415);

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (BEFORE_THE_BODY.contains(response.getStatus()) && request.hasEntity()) {
            response.getHeaders().putSingle("Connection", "close");
        }
    }
}
