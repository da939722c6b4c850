package io.logpipe.http;

import io.logpipe.domain.RateLimitedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.time.Duration;
import java.util.List;

/**
 * 429 with Retry-After: the key, or the client's address, has used up its allowance for now. Nothing was done; the
 * same request may be sent again once the time has passed.
 */
final class RateLimitedExceptionMapper implements ExceptionMapper<RateLimitedException> {
    static final int TOO_MANY_REQUESTS = 429;

    @Override
    public Response toResponse(RateLimitedException exception) {
        long seconds = retryAfterSeconds(exception.retryAfter());
        return ErrorResponse.builder(TOO_MANY_REQUESTS, exception.getMessage(),
                        List.of("retry after " + seconds + " s"))
                .header(HttpHeaders.RETRY_AFTER, seconds)
                .build();
    }

    /** Whole seconds, rounded up, at least 1: a client told 0 would retry at once and be refused again. */
    static long retryAfterSeconds(Duration retryAfter) {
        long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
