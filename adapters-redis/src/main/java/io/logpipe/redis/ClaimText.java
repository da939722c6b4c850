package io.logpipe.redis;

import io.logpipe.domain.IdempotencyClaim;
import java.time.Duration;
import java.time.Instant;

/**
 * An idempotency claim as the queue stores it under its key: receive time, retention and fingerprint, separated by
 * spaces, such as {@code 2024-05-01T08:00:00.123456789Z PT24H 9f86d08...}. The time and the retention are ISO-8601
 * in full precision, so the claim reads back equal; neither holds a space, so the fingerprint, last, may.
 */
final class ClaimText {

    private ClaimText() {
    }

    static String write(IdempotencyClaim claim) {
        return claim.receivedAt() + " " + claim.retention() + " " + claim.fingerprint();
    }

    /**
     * @param tenant the tenant whose key held the text
     * @param key the client's key whose key held the text
     * @throws IllegalArgumentException if {@code text} is not what {@link #write} writes
     */
    static IdempotencyClaim read(String tenant, String key, String text) {
        String[] parts = text.split(" ", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a stored idempotency claim: '" + text + "'");
        }
        try {
            return new IdempotencyClaim(tenant, key, parts[2], Instant.parse(parts[0]), Duration.parse(parts[1]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a stored idempotency claim: '" + text + "'", e);
        }
    }
}
