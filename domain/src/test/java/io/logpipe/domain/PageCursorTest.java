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

    @Test
    void readsBackWhatItEncodedIncludingNanos() {
        PageCursor cursor = new PageCursor(TIMESTAMP, ID);

        assertThat(PageCursor.decode(cursor.encode())).isEqualTo(cursor);
    }

    @Test
    void readsBackIdsWithTheHighBitSet() {
        PageCursor cursor = new PageCursor(TIMESTAMP, UUID.fromString("ffffffff-ffff-7fff-bfff-fffffffffff0"));

        PageCursor decoded = PageCursor.decode(cursor.encode());

        assertThat(decoded.id()).isEqualTo(cursor.id());
        assertThat(decoded.id().getMostSignificantBits()).isNegative();
    }

    @Test
    void readsBackTimestampsBeforeTheEpoch() {
        PageCursor cursor = new PageCursor(Instant.parse("1969-12-31T23:59:59.999999Z"), ID);

        assertThat(PageCursor.decode(cursor.encode())).isEqualTo(cursor);
    }

    @Test
    void encodesToAUrlSafeString() {
        PageCursor cursor = new PageCursor(TIMESTAMP, UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff"));

        assertThat(cursor.encode()).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void pointsAfterTheGivenEntry() {
        LogEntry entry = new LogEntry(ID, "acme", TIMESTAMP, TIMESTAMP, "api", Level.INFO, "hi", null, null, null,
                null);

        PageCursor cursor = PageCursor.after(entry);

        assertThat(cursor.id()).isEqualTo(ID);
        assertThat(cursor.timestamp()).isEqualTo(entry.timestamp());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage!", "not a cursor", "%%%%", "a", "AAAA", "abc+def/ghi="})
    void rejectsGarbage(String encoded) {
        assertRejected(encoded);
    }

    @Test
    void rejectsATruncatedCursor() {
        String encoded = new PageCursor(TIMESTAMP, ID).encode();

        for (int cut = 1; cut < encoded.length(); cut++) {
            assertRejected(encoded.substring(0, encoded.length() - cut));
        }
    }

    @Test
    void rejectsACursorWithTrailingData() {
        String encoded = new PageCursor(TIMESTAMP, ID).encode();

        assertRejected(encoded + "AAAA");
    }

    @Test
    void rejectsAnotherVersion() {
        byte[] bytes = Base64.getUrlDecoder().decode(new PageCursor(TIMESTAMP, ID).encode());
        bytes[0] = 2;

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

    private static String craft(long seconds, int nanos) {
        ByteBuffer buffer = ByteBuffer.allocate(1 + 8 + 4 + 16)
                .put((byte) 1)
                .putLong(seconds)
                .putInt(nanos)
                .putLong(ID.getMostSignificantBits())
                .putLong(ID.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    private static void assertRejected(String encoded) {
        assertThatThrownBy(() -> PageCursor.decode(encoded))
                .as("decoding %s", encoded)
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.errors()).singleElement().asString().startsWith("cursor:"));
    }
}
