package io.logpipe.http;

import io.dropwizard.auth.Auth;
import io.logpipe.application.IssuedApiKey;
import io.logpipe.application.ManageApiKeys;
import io.logpipe.application.RotatedApiKey;
import io.logpipe.domain.Principal;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;

/**
 * {@code /admin/keys}: an admin key makes, lists, revokes and rotates its own tenant's API keys. Another tenant's key
 * answers as an id that does not exist (404). A new key's secret is in the answer that made it and nowhere else, so
 * that answer must not be cached.
 */
@Path("/admin/keys")
@Produces(MediaType.APPLICATION_JSON)
public final class KeysResource {
    private final ManageApiKeys keys;
    private final Clock clock;

    /** @param clock what a key's state ({@code active}, {@code expired}) is judged at */
    KeysResource(ManageApiKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    @POST
    @RolesAllowed("admin")
    public Response create(@Auth Principal caller, @Context HttpServletRequest request, InputStream body)
            throws IOException {
        IssuedApiKey issued = keys.create(caller, request.getRemoteAddr(), KeyRequest.create(body));
        return withSecret(IssuedKeyResponse.from(issued));
    }

    @GET
    @RolesAllowed("admin")
    public KeyListResponse list(@Auth Principal caller) {
        Instant now = clock.instant();
        return new KeyListResponse(keys.list(caller).stream().map(key -> KeyResponse.from(key, now)).toList());
    }

    @DELETE
    @Path("{key_id}")
    @RolesAllowed("admin")
    public KeyResponse revoke(@Auth Principal caller, @Context HttpServletRequest request,
            @PathParam("key_id") String keyId) {
        return keys.revoke(caller, request.getRemoteAddr(), keyId)
                .map(key -> KeyResponse.from(key, clock.instant()))
                .orElseThrow(() -> new NotFoundException("no key '" + Shown.text(keyId) + "'"));
    }

    @POST
    @Path("{key_id}/rotate")
    @RolesAllowed("admin")
    public Response rotate(@Auth Principal caller, @Context HttpServletRequest request,
            @PathParam("key_id") String keyId, InputStream body) throws IOException {
        RotatedApiKey rotated = keys.rotate(caller, request.getRemoteAddr(), keyId,
                        KeyRequest.grace(body, ManageApiKeys.MAX_GRACE))
                .orElseThrow(() -> new NotFoundException("no active key '" + Shown.text(keyId) + "'"));
        return withSecret(RotatedKeyResponse.from(rotated, clock.instant()));
    }

    private static Response withSecret(Object body) {
        return Response.status(Response.Status.CREATED)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(body)
                .build();
    }
}
