package io.logpipe.application;

import io.logpipe.domain.LogPage;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.LogStore;
import io.logpipe.domain.Principal;
import io.logpipe.domain.Role;

/** Searches the caller's own entries. Whatever tenant the query names, it runs against the caller's tenant. */
public final class QueryLogs {
    private final LogStore store;

    public QueryLogs(LogStore store) {
        this.store = store;
    }

    /**
     * @throws io.logpipe.domain.AccessDeniedException if the caller lacks the query role
     * @throws io.logpipe.domain.StoreUnavailableException if the store cannot be read
     */
    public LogPage query(Principal caller, LogQuery query) {
        caller.require(Role.QUERY);
        return store.query(query.forTenant(caller.tenant()));
    }
}
