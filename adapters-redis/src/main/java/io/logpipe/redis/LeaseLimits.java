package io.logpipe.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * How a lease is filled beyond its entry count: it stops at about {@code maxBytes} of record text, however few entries
 * that is, and once it holds something it waits up to {@code linger} for more before it returns, so that a trickle of
 * small requests is written in batches rather than one transaction (and one commit) each.
 *
 * @param linger zero returns what is there at once
 * @param maxBytes at least 1; a single record larger than that still makes a lease of its own
 */
public record LeaseLimits(Duration linger, long maxBytes) {
    /** 50 ms of linger costs little latency; 16 MiB holds a full batch of large entries. */
    public static final LeaseLimits DEFAULT = new LeaseLimits(Duration.ofMillis(50), 16L << 20);

    public LeaseLimits {
        Objects.requireNonNull(linger, "linger");
        if (linger.isNegative()) {
            throw new IllegalArgumentException("linger must not be negative, was " + linger);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, was " + maxBytes);
        }
    }
}
