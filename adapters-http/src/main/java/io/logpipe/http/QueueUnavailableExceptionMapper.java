package io.logpipe.http;

import io.logpipe.domain.QueueUnavailableException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 503 with Retry-After: the queue did not confirm the entries, so they are not accepted and the client should send
 * them again. Not confirmed is not the same as not queued: Redis may have run the write and died before it answered.
 * A retry is stored once only when the request carries the same {@code Idempotency-Key} or the entries their own ids,
 * which the message says. The cause is logged, not sent, because it may name internal hosts.
 */
final class QueueUnavailableExceptionMapper implements ExceptionMapper<QueueUnavailableException> {
    private static final Logger LOG = LoggerFactory.getLogger(QueueUnavailableExceptionMapper.class);

    @Override
    public Response toResponse(QueueUnavailableException exception) {
        LOG.warn("answering 503: the log queue is unavailable", exception);
        return Unavailable.response("the log queue is unavailable and did not confirm the entries; retry later with "
                + "the same Idempotency-Key (or entry ids), so that entries queued before the failure are not stored "
                + "twice");
    }
}
