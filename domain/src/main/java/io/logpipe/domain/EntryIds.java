package io.logpipe.domain;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Makes entry ids: UUID version 7 (RFC 9562), whose first 48 bits are the Unix time in milliseconds, so ids sort
 * roughly by creation time and index well. The remaining 74 bits are random. Thread-safe.
 */
public final class EntryIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private EntryIds() {
    }

    /** A new version 7 id for the given moment. */
    public static UUID newId(Instant now) {
        long millis = now.toEpochMilli();
        long randomHigh = RANDOM.nextLong();
        long randomLow = RANDOM.nextLong();
        long mostSignificant = (millis << 16) | 0x7000L | (randomHigh & 0x0FFFL);
        long leastSignificant = 0x8000_0000_0000_0000L | (randomLow & 0x3FFF_FFFF_FFFF_FFFFL);
        return new UUID(mostSignificant, leastSignificant);
    }
}
