package io.logpipe.http;

import io.logpipe.domain.QueueFullException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * 503 with Retry-After when the workers have fallen behind: backpressure, so shippers hold their buffers instead of
 * the queue growing without bound. Nothing was accepted; the same request may be sent again.
 */
final class QueueFullExceptionMapper implements ExceptionMapper<QueueFullException> {

    @Override
    public Response toResponse(QueueFullException exception) {
        return Unavailable.response("the queue is full while the workers catch up; nothing was accepted, retry later");
    }
}
