package io.logpipe.http;

import io.logpipe.domain.StoreUnavailableException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 503 with Retry-After, for queries and for key checks: when keys cannot be read the answer is "try again", not
 * "your key is wrong". The cause is logged, not sent, because it may name internal hosts.
 */
final class StoreUnavailableExceptionMapper implements ExceptionMapper<StoreUnavailableException> {
    private static final Logger LOG = LoggerFactory.getLogger(StoreUnavailableExceptionMapper.class);

    @Override
    public Response toResponse(StoreUnavailableException exception) {
        LOG.warn("answering 503: the store is unavailable", exception);
        return Unavailable.response("the store is unavailable; retry later");
    }
}
