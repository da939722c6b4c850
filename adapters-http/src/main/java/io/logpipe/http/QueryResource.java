package io.logpipe.http;

import io.dropwizard.auth.Auth;
import io.logpipe.application.QueryLogs;
import io.logpipe.domain.Principal;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code /query}: one page of the caller's entries, and {@code /query/histogram}: their counts over time. Each takes
 * its fields as {@code GET} parameters or, for long filters, as a {@code POST} JSON body; both read the same. The
 * tenant is always the key's; no field can name another.
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
    public QueryResponse search(@Auth Principal caller, @Context UriInfo uri) {
        return page(caller, QueryParameters.read(uri, QueryRequest.Kind.SEARCH));
    }

    @POST
    @RolesAllowed("query")
    public QueryResponse searchWithBody(@Auth Principal caller, @Context HttpHeaders headers, InputStream body)
            throws IOException {
        return page(caller, QueryBody.read(headers, body, QueryRequest.Kind.SEARCH));
    }

    @GET
    @Path("histogram")
    @RolesAllowed("query")
    public HistogramResponse histogram(@Auth Principal caller, @Context UriInfo uri) {
        return histogram(caller, QueryParameters.read(uri, QueryRequest.Kind.HISTOGRAM));
    }

    @POST
    @Path("histogram")
    @RolesAllowed("query")
    public HistogramResponse histogramWithBody(@Auth Principal caller, @Context HttpHeaders headers, InputStream body)
            throws IOException {
        return histogram(caller, QueryBody.read(headers, body, QueryRequest.Kind.HISTOGRAM));
    }

    private QueryResponse page(Principal caller, QueryRequest request) {
        return QueryResponse.from(queryLogs.page(caller, request.toLogQuery(caller.tenant(), queryLogs.window())));
    }

    private HistogramResponse histogram(Principal caller, QueryRequest request) {
        return HistogramResponse.from(
                queryLogs.histogram(caller, request.toHistogramQuery(caller.tenant(), queryLogs.window())));
    }
}
