package io.logpipe.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Makes entry ids: UUID version 7 (RFC 9562), whose first 48 bits are the Unix time in milliseconds, so ids sort
 * roughly by creation time and index well. The remaining 74 bits are random, or for {@link #derived} taken from a
 * digest. Thread-safe.
 */
public final class EntryIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private EntryIds() {
    }

    /** A new version 7 id for the given moment. */
    public static UUID newId(Instant now) {
        return version7(now, RANDOM.nextLong(), RANDOM.nextLong());
    }

    /**
     * The id of the {@code index}-th entry of a request sent with an idempotency key: the same arguments always give
     * the same id, so a retried request can be answered with the ids of the first without storing them. The 74 bits
     * that are random in {@link #newId} come from the SHA-256 of tenant, key and index, so two keys collide no more
     * often than random ids do.
     *
     * @param receivedAt when the first request with the key was accepted
     */
    public static UUID derived(Instant receivedAt, String tenant, String key, int index) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        // The lengths keep ("ab", "c") and ("a", "bc") apart.
        byte[] tenantBytes = tenant.getBytes(StandardCharsets.UTF_8);
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        sha256.update(ByteBuffer.allocate(12).putInt(tenantBytes.length).putInt(keyBytes.length).putInt(index)
                .array());
        sha256.update(tenantBytes);
        sha256.update(keyBytes);
        ByteBuffer digest = ByteBuffer.wrap(sha256.digest());
        return version7(receivedAt, digest.getLong(), digest.getLong());
    }

    private static UUID version7(Instant now, long randomHigh, long randomLow) {
        long millis = now.toEpochMilli();
        long mostSignificant = (millis << 16) | 0x7000L | (randomHigh & 0x0FFFL);
        long leastSignificant = 0x8000_0000_0000_0000L | (randomLow & 0x3FFF_FFFF_FFFF_FFFFL);
        return new UUID(mostSignificant, leastSignificant);
    }
}
