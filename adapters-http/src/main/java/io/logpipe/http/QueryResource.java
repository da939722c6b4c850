package io.logpipe.http;

import io.dropwizard.auth.Auth;
import io.logpipe.application.QueryLogs;
import io.logpipe.domain.Principal;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /query}: one page of the caller's entries, newest first. The tenant is always the key's; no parameter
 * can name another.
 */
@Path("/query")
@Produces(MediaType.APPLICATION_JSON)
public final class QueryResource {
    private final QueryLogs queryLogs;

    QueryResource(QueryLogs queryLogs) {
        this.queryLogs = queryLogs;
    }

    @GET
    @RolesAllowed("query")
    public QueryResponse query(
            @Auth Principal caller,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("service") String service,
            @QueryParam("level") String level,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        QueryRequest request = new QueryRequest(from, to, service, level, limit, cursor);
        return QueryResponse.from(queryLogs.query(caller, request.toLogQuery(caller.tenant())));
    }
}
