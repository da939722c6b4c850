package io.logpipe.domain;

import java.time.Duration;

/**
 * A search ran longer than the store allows and was cancelled. Retrying the same search will most likely time out
 * again; a narrower range or more selective filters will not.
 */
public final class QueryTimeoutException extends RuntimeException {
    private final Duration limit;

    public QueryTimeoutException(Duration limit, Throwable cause) {
        super("the query ran longer than " + limit.toMillis() + " ms and was cancelled", cause);
        this.limit = limit;
    }

    /** How long a search may run. */
    public Duration limit() {
        return limit;
    }
}
