package io.logpipe.http;

import io.dropwizard.auth.UnauthorizedHandler;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Answers a request without a valid key: 401 with our JSON error body and a Bearer challenge. Jersey sends a
 * response that already has a body as it is, so no exception mapper rewrites this one.
 */
final class JsonUnauthorizedHandler implements UnauthorizedHandler {

    @Override
    public Response buildResponse(String prefix, String realm) {
        return ErrorResponse.builder(Response.Status.UNAUTHORIZED.getStatusCode(),
                        "a valid API key is required",
                        List.of("send it as 'Authorization: Bearer <key>' or as '"
                                + ApiKeyAuthFilter.API_KEY_HEADER + ": <key>'"))
                .header(HttpHeaders.WWW_AUTHENTICATE, prefix + " realm=\"" + realm + "\"")
                .build();
    }
}
