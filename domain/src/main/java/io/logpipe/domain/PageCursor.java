package io.logpipe.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The position after the last entry of a page: its timestamp and id. Clients see it only as an opaque string made by
 * {@link #encode()}, so its layout can change without breaking them.
 *
 * @param timestamp the last entry's timestamp
 * @param id the last entry's id, which breaks ties between entries with the same timestamp
 */
public record PageCursor(Instant timestamp, UUID id) {
    private static final byte VERSION = 1;
    private static final int LENGTH = 1 + Long.BYTES + Integer.BYTES + Long.BYTES * 2;
    /** The years RFC 3339 can write, which hold every timestamp logpipe stores; a cursor outside them is forged. */
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    public PageCursor {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(id, "id");
    }

    /** The cursor of the given entry. */
    public static PageCursor after(LogEntry entry) {
        return new PageCursor(entry.timestamp(), entry.id());
    }

    /** An opaque, URL-safe string. */
    public String encode() {
        ByteBuffer buffer = ByteBuffer.allocate(LENGTH)
                .put(VERSION)
                .putLong(timestamp.getEpochSecond())
                .putInt(timestamp.getNano())
                .putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    /**
     * Reads a string made by {@link #encode()}.
     *
     * @throws InvalidRequestException if the string is not such a cursor
     */
    public static PageCursor decode(String encoded) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(encoded.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (bytes.length != LENGTH || bytes[0] != VERSION) {
            throw invalid();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, LENGTH - 1);
        long seconds = buffer.getLong();
        int nanos = buffer.getInt();
        if (nanos < 0 || nanos > 999_999_999) {
            throw invalid();
        }
        Instant timestamp;
        try {
            timestamp = Instant.ofEpochSecond(seconds, nanos);
        } catch (DateTimeException e) {
            throw invalid();
        }
        if (timestamp.isBefore(EARLIEST) || timestamp.isAfter(LATEST)) {
            throw invalid();
        }
        return new PageCursor(timestamp, new UUID(buffer.getLong(), buffer.getLong()));
    }

    private static InvalidRequestException invalid() {
        return new InvalidRequestException("invalid cursor",
                List.of("cursor: not a cursor returned by this server as next_cursor"));
    }
}
