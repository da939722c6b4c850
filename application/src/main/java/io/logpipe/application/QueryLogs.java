package io.logpipe.application;

import io.logpipe.domain.Histogram;
import io.logpipe.domain.HistogramQuery;
import io.logpipe.domain.LogPage;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.LogStore;
import io.logpipe.domain.MalformedRequestException;
import io.logpipe.domain.Principal;
import io.logpipe.domain.RateLimits;
import io.logpipe.domain.Role;
import java.util.List;

/** Searches the caller's own entries. Whatever tenant a query names, it runs against the caller's tenant. */
public final class QueryLogs {
    private final LogStore store;
    private final QueryWindow window;
    private final RateLimits limits;

    public QueryLogs(LogStore store, QueryWindow window, RateLimits limits) {
        this.store = store;
        this.window = window;
        this.limits = limits;
    }

    /** How requests' time ranges are resolved and bounded. */
    public QueryWindow window() {
        return window;
    }

    /**
     * One page of a search.
     *
     * @throws io.logpipe.domain.AccessDeniedException if the caller lacks the query role
     * @throws io.logpipe.domain.RateLimitedException if the caller's key has used its allowance of searches for now
     * @throws MalformedRequestException if the query's cursor was made for another search
     * @throws io.logpipe.domain.StoreUnavailableException if the store cannot be read
     * @throws io.logpipe.domain.QueryTimeoutException if the search runs too long
     */
    public LogPage page(Principal caller, LogQuery query) {
        caller.require(Role.QUERY);
        LogQuery own = query.forTenant(caller.tenant());
        if (own.after() != null && !own.after().continues(own)) {
            throw new MalformedRequestException("cursor does not belong to this search", List.of(
                    "cursor: made for a search with other filters, range or order; send the same parameters as "
                            + "for the first page, or start again without a cursor"));
        }
        limits.acquireQuery(caller);
        return store.query(own);
    }

    /**
     * Counts of matching entries over time.
     *
     * @throws io.logpipe.domain.AccessDeniedException if the caller lacks the query role
     * @throws io.logpipe.domain.RateLimitedException if the caller's key has used its allowance of searches for now
     * @throws io.logpipe.domain.StoreUnavailableException if the store cannot be read
     * @throws io.logpipe.domain.QueryTimeoutException if the count runs too long
     */
    public Histogram histogram(Principal caller, HistogramQuery query) {
        caller.require(Role.QUERY);
        limits.acquireQuery(caller);
        return store.histogram(query.forTenant(caller.tenant()));
    }
}
