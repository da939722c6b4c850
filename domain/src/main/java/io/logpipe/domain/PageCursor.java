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
 * Where the next page of a search starts: after the last entry of the previous one, under the same conditions.
 *
 * <p>Besides the last entry's timestamp and id, a cursor carries the time range of the first page (so later pages
 * keep it, even when that page's range ended at "now") and a fingerprint of its query (so a cursor cannot continue a
 * search under other filters or another order). Clients see it only as the opaque string {@link #encode()} makes.
 *
 * @param timestamp the last entry's timestamp
 * @param id the last entry's id, which breaks ties between entries with the same timestamp
 * @param range the range the search covers, pinned on its first page
 * @param fingerprint {@link LogQuery#fingerprint()} of the query the cursor continues
 */
public record PageCursor(Instant timestamp, UUID id, TimeRange range, long fingerprint) {
    private static final byte VERSION = 2;
    private static final int INSTANT = Long.BYTES + Integer.BYTES;
    private static final int LENGTH = 1 + INSTANT + Long.BYTES * 2 + INSTANT * 2 + Long.BYTES;
    /** The years RFC 3339 can write, which hold every timestamp logpipe stores; a cursor outside them is forged. */
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    public PageCursor {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(range, "range");
    }

    /** The cursor after {@code entry}, the last of a page of {@code query}. */
    public static PageCursor after(LogEntry entry, LogQuery query) {
        return new PageCursor(entry.timestamp(), entry.id(), query.filter().range().pinned(), query.fingerprint());
    }

    /** Whether this cursor was made by a page of {@code query}: same tenant, range, filters and order. */
    public boolean continues(LogQuery query) {
        return fingerprint == query.fingerprint();
    }

    /** An opaque, URL-safe string. */
    public String encode() {
        ByteBuffer buffer = ByteBuffer.allocate(LENGTH).put(VERSION);
        put(buffer, timestamp);
        buffer.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        put(buffer, range.from());
        put(buffer, range.to());
        buffer.putLong(fingerprint);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    /**
     * Reads a string made by {@link #encode()}.
     *
     * @throws MalformedRequestException if the string is not such a cursor
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
        Instant timestamp = instant(buffer);
        UUID id = new UUID(buffer.getLong(), buffer.getLong());
        Instant from = instant(buffer);
        Instant to = instant(buffer);
        if (!from.isBefore(to)) {
            throw invalid();
        }
        return new PageCursor(timestamp, id, TimeRange.between(from, to), buffer.getLong());
    }

    private static void put(ByteBuffer buffer, Instant instant) {
        buffer.putLong(instant.getEpochSecond()).putInt(instant.getNano());
    }

    private static Instant instant(ByteBuffer buffer) {
        long seconds = buffer.getLong();
        int nanos = buffer.getInt();
        if (nanos < 0 || nanos > 999_999_999) {
            throw invalid();
        }
        Instant instant;
        try {
            instant = Instant.ofEpochSecond(seconds, nanos);
        } catch (DateTimeException e) {
            throw invalid();
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw invalid();
        }
        return instant;
    }

    private static MalformedRequestException invalid() {
        return new MalformedRequestException("invalid cursor",
                List.of("cursor: not a cursor returned by this server as next_cursor"));
    }
}
