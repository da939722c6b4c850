package io.logpipe.http;

import io.logpipe.domain.QueryTimeoutException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 503 with Retry-After: the search was cancelled for running too long. The same search will most likely time out
 * again, so the message says what helps: a narrower range or more filters.
 */
final class QueryTimeoutExceptionMapper implements ExceptionMapper<QueryTimeoutException> {
    private static final Logger LOG = LoggerFactory.getLogger(QueryTimeoutExceptionMapper.class);

    @Override
    public Response toResponse(QueryTimeoutException exception) {
        // A client's too broad search, not a fault of ours: no stack trace.
        LOG.info("answering 503: {}", exception.getMessage());
        return Unavailable.response("the query ran longer than " + exception.limit().toMillis()
                + " ms and was cancelled; narrow the time range or add filters");
    }
}
