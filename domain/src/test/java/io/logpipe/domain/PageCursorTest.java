package io.logpipe.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PageCursorTest {
    private static final Instant TIMESTAMP = Instant.parse("2025-03-01T10:15:30.123456789Z");
    private static final UUID ID = UUID.fromString("0195514a-3f2b-7c4d-9e8f-0123456789ab");
    private static final TimeRange RANGE =
            TimeRange.between(Instant.parse("2025-03-01T00:00:00Z"), Instant.parse("2025-03-02T00:00:00Z"));
    private static final long FINGERPRINT = 0x1234_5678_9abc_def0L;

    @Test
    void readsBackWhatItEncodedIncludingNanos() {
        PageCursor cursor = cursor(TIMESTAMP, ID);

        assertThat(PageCursor.decode(cursor.encode())).isEqualTo(cursor);
    }

    @Test
    void readsBackIdsWithTheHighBitSet() {
        PageCursor cursor = cursor(TIMESTAMP, UUID.fromString("ffffffff-ffff-7fff-bfff-fffffffffff0"));

        PageCursor decoded = PageCursor.decode(cursor.encode());

        assertThat(decoded.id()).isEqualTo(cursor.id());
        assertThat(decoded.id().getMostSignificantBits()).isNegative();
    }

    @Test
    void readsBackTimestampsBeforeTheEpoch() {
        PageCursor cursor = cursor(Instant.parse("1969-12-31T23:59:59.999999Z"), ID);

        assertThat(PageCursor.decode(cursor.encode())).isEqualTo(cursor);
    }

    @Test
    void encodesToAUrlSafeString() {
        PageCursor cursor = cursor(TIMESTAMP, UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff"));

        assertThat(cursor.encode()).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void pointsAfterTheGivenEntryAndPinsTheQuerysRange() {
        LogEntry entry = new LogEntry(ID, "acme", TIMESTAMP, TIMESTAMP, "api", Level.INFO, "hi", null, null, null,
                null);
        TimeRange endingNow = new TimeRange(RANGE.from(), RANGE.to(), false, false);
        LogQuery query = LogQuery.newest(LogFilter.of("acme", endingNow));

        PageCursor cursor = PageCursor.after(entry, query);

        assertThat(cursor.id()).isEqualTo(ID);
        assertThat(cursor.timestamp()).isEqualTo(entry.timestamp());
        assertThat(cursor.range()).isEqualTo(RANGE);
        assertThat(cursor.continues(query)).isTrue();
        assertThat(cursor.continues(new LogQuery(query.filter(), SortOrder.ASC, 100, null))).isFalse();
    }

    @Test
    void readsBackTheRangeAndFingerprint() {
        PageCursor decoded = PageCursor.decode(cursor(TIMESTAMP, ID).encode());

        assertThat(decoded.range()).isEqualTo(RANGE);
        assertThat(decoded.fingerprint()).isEqualTo(FINGERPRINT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage!", "not a cursor", "%%%%", "a", "AAAA", "abc+def/ghi="})
    void rejectsGarbage(String encoded) {
        assertRejected(encoded);
    }

    @Test
    void rejectsATruncatedCursor() {
        String encoded = cursor(TIMESTAMP, ID).encode();

        for (int cut = 1; cut < encoded.length(); cut++) {
            assertRejected(encoded.substring(0, encoded.length() - cut));
        }
    }

    @Test
    void rejectsACursorWithTrailingData() {
        String encoded = cursor(TIMESTAMP, ID).encode();

        assertRejected(encoded + "AAAA");
    }

    @Test
    void rejectsAnotherVersion() {
        byte[] bytes = Base64.getUrlDecoder().decode(cursor(TIMESTAMP, ID).encode());
        bytes[0] = 1;

        assertRejected(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    @Test
    void rejectsNanosOutOfRange() {
        assertRejected(craft(TIMESTAMP.getEpochSecond(), 1_000_000_000));
        assertRejected(craft(TIMESTAMP.getEpochSecond(), -1));
    }

    @Test
    void rejectsSecondsBeyondTheRangeOfAnInstant() {
        // A client controls this string; a value no Instant can hold must be a 400, not an unexpected DateTimeException.
        assertRejected(craft(Long.MAX_VALUE, 0));
        assertRejected(craft(Long.MIN_VALUE, 0));
    }

    @Test
    void rejectsInstantsOutsideTheYearsRfc3339CanWrite() {
        // Instant.MAX is a valid Instant but no date PostgreSQL or RFC 3339 can hold; it must not reach the store.
        assertRejected(craft(Instant.MAX.getEpochSecond(), 0));
        assertRejected(craft(Instant.parse("0000-01-01T00:00:00Z").getEpochSecond() - 1, 0));
    }

    @Test
    void rejectsAnEmptyRange() {
        ByteBuffer buffer = ByteBuffer.wrap(Base64.getUrlDecoder().decode(cursor(TIMESTAMP, ID).encode()));
        buffer.putLong(1 + 12 + 16 + 12, RANGE.from().getEpochSecond());

        assertRejected(Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array()));
    }

    private static PageCursor cursor(Instant timestamp, UUID id) {
        return new PageCursor(timestamp, id, RANGE, FINGERPRINT);
    }

    private static String craft(long seconds, int nanos) {
        ByteBuffer buffer = ByteBuffer.allocate(1 + 12 + 16 + 12 + 12 + 8)
                .put((byte) 2)
                .putLong(seconds)
                .putInt(nanos)
                .putLong(ID.getMostSignificantBits())
                .putLong(ID.getLeastSignificantBits())
                .putLong(RANGE.from().getEpochSecond()).putInt(0)
                .putLong(RANGE.to().getEpochSecond()).putInt(0)
                .putLong(FINGERPRINT);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    private static void assertRejected(String encoded) {
        assertThatThrownBy(() -> PageCursor.decode(encoded))
                .as("decoding %s", encoded)
                .isInstanceOfSatisfying(MalformedRequestException.class,
                        e -> assertThat(e.errors()).singleElement().asString().startsWith("cursor:"));
    }
}
