package io.logpipe.http;

import io.dropwizard.auth.Auth;
import io.logpipe.application.ManageDeadLetters;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code /admin/dead-letters}: an admin key's view of its tenant's dead letters, to list, inspect, replay and purge.
 * Another tenant's dead letters and undecodable records answer as unknown ids, 404 or {@code not_found}.
 */
@Path("/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public final class DeadLetterResource {
    private final ManageDeadLetters deadLetters;

    DeadLetterResource(ManageDeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GET
    @RolesAllowed("admin")
    public DeadLetterPageResponse list(@Auth Principal caller, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        DeadLetterPageRequest request = new DeadLetterPageRequest(limit, cursor);
        return DeadLetterPageResponse.from(deadLetters.list(caller, request.pageSize(), request.pageCursor()));
    }

    @GET
    @Path("{id}")
    @RolesAllowed("admin")
    public DeadLetterResponse inspect(@Auth Principal caller, @PathParam("id") String id) {
        return deadLetters.inspect(caller, id).map(DeadLetterResponse::from).orElseThrow(() -> notFound(id));
    }

    @POST
    @Path("replay")
    @RolesAllowed("admin")
    public ReplayResponse replay(@Auth Principal caller, @Context HttpServletRequest request, InputStream body)
            throws IOException {
        DeadLetterSelectionRequest selection = DeadLetterSelectionRequest.read(body);
        return selection.all()
                ? ReplayResponse.ofAll(deadLetters.replayAll(caller, request.getRemoteAddr()))
                : ReplayResponse.from(deadLetters.replay(caller, request.getRemoteAddr(), selection.ids()));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed("admin")
    public Response purgeOne(@Auth Principal caller, @Context HttpServletRequest request,
            @PathParam("id") String id) {
        if (deadLetters.purge(caller, request.getRemoteAddr(), List.of(id)).isEmpty()) {
            throw notFound(id);
        }
        return Response.noContent().build();
    }

    @POST
    @Path("purge")
    @RolesAllowed("admin")
    public PurgeResponse purge(@Auth Principal caller, @Context HttpServletRequest request, InputStream body)
            throws IOException {
        DeadLetterSelectionRequest selection = DeadLetterSelectionRequest.read(body);
        if (selection.all()) {
            return new PurgeResponse(deadLetters.purgeAll(caller, request.getRemoteAddr()), List.of());
        }
        List<String> purged = deadLetters.purge(caller, request.getRemoteAddr(), selection.ids());
        Set<String> gone = new HashSet<>(purged);
        List<String> notFound = selection.ids().stream().distinct().filter(id -> !gone.contains(id)).toList();
        return new PurgeResponse(purged.size(), notFound);
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("no dead letter '" + Shown.text(id) + "'");
    }
}
