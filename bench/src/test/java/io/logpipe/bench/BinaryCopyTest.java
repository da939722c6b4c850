package io.logpipe.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BinaryCopyTest {
    private static final SampleEntry ENTRY = new SampleEntry(2,
            UUID.fromString("019ad5a0-0000-7000-8000-000000000001"), Instant.parse("2000-01-01T00:00:00.000001Z"),
            "checkout", "warn", "grüße\tand \"quotes\"", 503, 42, "eu-west-1", 12.5, "abc123", "host-11");

    @Test
    void writesSignatureRowsOfElevenFieldsAndTrailer() throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(
                BinaryCopy.encode(EntryColumns.of(List.of(ENTRY, ENTRY)))));

        assertThat(in.readNBytes(11)).isEqualTo("PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(in.readInt()).isZero();
        assertThat(in.readInt()).isZero();
        for (int row = 0; row < 2; row++) {
            assertThat(in.readShort()).isEqualTo((short) 11);
            assertThat(field(in)).asString(StandardCharsets.UTF_8).isEqualTo("initech");
            DataInputStream id = new DataInputStream(new ByteArrayInputStream(field(in)));
            assertThat(new UUID(id.readLong(), id.readLong())).isEqualTo(ENTRY.id());
            assertThat(new DataInputStream(new ByteArrayInputStream(field(in))).readLong()).isEqualTo(1);
            assertThat(new DataInputStream(new ByteArrayInputStream(field(in))).readLong()).isEqualTo(50_001);
            assertThat(field(in)).asString(StandardCharsets.UTF_8).isEqualTo("checkout");
            assertThat(field(in)).asString(StandardCharsets.UTF_8).isEqualTo("warn");
            assertThat(field(in)).asString(StandardCharsets.UTF_8).isEqualTo(ENTRY.message());
            byte[] jsonb = field(in);
            assertThat(jsonb[0]).isEqualTo((byte) 1);
            assertThat(new String(jsonb, 1, jsonb.length - 1, StandardCharsets.UTF_8))
                    .isEqualTo(EntryFormats.attributesJson(ENTRY));
            assertThat(field(in)).asString(StandardCharsets.UTF_8).isEqualTo("abc123");
            assertThat(in.readInt()).as("span_id is NULL").isEqualTo(-1);
            assertThat(field(in)).asString(StandardCharsets.UTF_8).isEqualTo("host-11");
        }
        assertThat(in.readShort()).isEqualTo((short) -1);
        assertThat(in.read()).as("nothing after the trailer").isEqualTo(-1);
    }

    @Test
    void timestampsCountMicrosecondsFromTwoThousandInBothDirections() {
        assertThat(BinaryCopy.postgresMicros(Instant.parse("2000-01-01T00:00:00Z"))).isZero();
        assertThat(BinaryCopy.postgresMicros(Instant.parse("1999-12-31T23:59:59.999999Z"))).isEqualTo(-1);
        assertThat(BinaryCopy.postgresMicros(Instant.parse("2026-03-01T12:00:00.123456789Z")))
                .isEqualTo(825_681_600_123_456L);
    }

    private static byte[] field(DataInputStream in) throws IOException {
        return in.readNBytes(in.readInt());
    }
}
