package io.logpipe.http;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The 503 answer shared by the queue and store mappers. */
final class Unavailable {
    /** Long enough for a Redis or PostgreSQL failover to make progress, short enough for shippers' buffers. */
    static final int RETRY_AFTER_SECONDS = 5;

    private Unavailable() {
    }

    static Response response(String message) {
        return ErrorResponse.builder(Response.Status.SERVICE_UNAVAILABLE.getStatusCode(), message, List.of())
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .build();
    }
}
