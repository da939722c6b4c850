package io.logpipe.http;

import io.logpipe.domain.QueueUnavailableException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 503 with Retry-After: nothing was accepted and the client should send the same entries again. The cause is
 * logged, not sent, because it may name internal hosts.
 */
final class QueueUnavailableExceptionMapper implements ExceptionMapper<QueueUnavailableException> {
    private static final Logger LOG = LoggerFactory.getLogger(QueueUnavailableExceptionMapper.class);

    @Override
    public Response toResponse(QueueUnavailableException exception) {
        LOG.warn("answering 503: the log queue is unavailable", exception);
        return Unavailable.response("the log queue is unavailable; nothing was accepted, retry later");
    }
}
