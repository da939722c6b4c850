package io.logpipe.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A client's {@code Idempotency-Key} for one ingest request, as the queue records it beside the entries.
 *
 * <p>The first request with a key stores its claim; a later one with the same tenant and key finds the earlier claim
 * and queues nothing. Comparing {@link #fingerprint}s tells a retry of the same body from a reuse of the key for
 * another one, and {@link #receivedAt} lets the retry be answered with the ids the first request was given (see
 * {@link EntryIds#derived}).
 *
 * @param tenant the tenant of the key that sent the request
 * @param key the client's key, 1 to {@value #MAX_KEY_LENGTH} visible ASCII characters
 * @param fingerprint a digest of the request body, such as its SHA-256 in hex
 * @param receivedAt when the first request with this key was accepted
 * @param retention how long the claim is kept; a repeat after that is a new request
 */
public record IdempotencyClaim(String tenant, String key, String fingerprint, Instant receivedAt, Duration retention) {
    public static final int MAX_KEY_LENGTH = 128;

    public IdempotencyClaim {
        Tenants.requireValid(tenant);
        Objects.requireNonNull(key, "key");
        if (!isValidKey(key)) {
            throw new IllegalArgumentException("idempotency key must be 1 to " + MAX_KEY_LENGTH
                    + " visible ASCII characters");
        }
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive");
        }
    }

    /** True for 1 to {@value #MAX_KEY_LENGTH} characters from {@code !} to {@code ~}. */
    public static boolean isValidKey(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < '!' || c > '~') {
                return false;
            }
        }
        return true;
    }
}
