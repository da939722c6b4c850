package io.logpipe.domain;

import java.time.Duration;
import java.util.Objects;

/** The caller has used up its allowance for now; it may try again after {@link #retryAfter()}. */
public final class RateLimitedException extends RuntimeException {
    private final Duration retryAfter;

    public RateLimitedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** How long until the request would be allowed, at the rate it was refused at. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
