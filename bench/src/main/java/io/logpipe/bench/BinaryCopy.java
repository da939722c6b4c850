package io.logpipe.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * PostgreSQL's binary COPY format for the {@code log_entries} columns, in the order of
 * {@link EntryFormats#COPY_COLUMNS}: the whole input of one {@code COPY ... FROM STDIN (FORMAT binary)}.
 *
 * <p>The layout: a signature, 32-bit flags and header-extension length (both 0); per row the field count (16 bits),
 * then per field its byte length (32 bits, -1 for NULL) and its bytes in the type's binary send format; a field count
 * of -1 ends the data. All integers are big-endian. text is UTF-8; uuid its 16 bytes; timestamptz microseconds since
 * 2000-01-01T00:00Z; jsonb a version byte 1 followed by the JSON text.
 */
final class BinaryCopy {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    /** PostgreSQL's epoch, 2000-01-01T00:00Z, in Unix seconds. */
    private static final long POSTGRES_EPOCH_SECOND = 946_684_800L;
    private static final int JSONB_VERSION = 1;
    private static final int COLUMNS = 11;

    private byte[] bytes;
    private int length;

    private BinaryCopy(int capacity) {
        bytes = new byte[capacity];
    }

    /** The COPY input for the batch: header, one row per entry, trailer. */
    static byte[] encode(EntryColumns rows) {
        BinaryCopy out = new BinaryCopy(64 + rows.size() * 320);
        out.write(SIGNATURE);
        out.writeInt(0);
        out.writeInt(0);
        for (int i = 0; i < rows.size(); i++) {
            out.writeShort(COLUMNS);
            out.text(rows.tenants[i]);
            out.uuid(rows.ids[i]);
            out.timestamp(rows.timestamps[i]);
            out.timestamp(rows.receivedAts[i]);
            out.text(rows.services[i]);
            out.text(rows.levels[i]);
            out.text(rows.messages[i]);
            out.jsonb(rows.attributes[i]);
            out.text(rows.traceIds[i]);
            out.text(rows.spanIds[i]);
            out.text(rows.hosts[i]);
        }
        out.writeShort(-1);
        return Arrays.copyOf(out.bytes, out.length);
    }

    /** Microseconds since PostgreSQL's epoch; the instant's sub-microsecond part is dropped. */
    static long postgresMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond() - POSTGRES_EPOCH_SECOND, 1_000_000L),
                instant.getNano() / 1_000);
    }

    private void text(String value) {
        if (value == null) {
            writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeInt(utf8.length);
        write(utf8);
    }

    private void jsonb(String json) {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        writeInt(1 + utf8.length);
        ensure(1);
        bytes[length++] = JSONB_VERSION;
        write(utf8);
    }

    private void uuid(UUID id) {
        writeInt(16);
        writeLong(id.getMostSignificantBits());
        writeLong(id.getLeastSignificantBits());
    }

    private void timestamp(Instant instant) {
        writeInt(8);
        writeLong(postgresMicros(instant));
    }

    private void write(byte[] data) {
        ensure(data.length);
        System.arraycopy(data, 0, bytes, length, data.length);
        length += data.length;
    }

    private void writeShort(int value) {
        ensure(2);
        bytes[length++] = (byte) (value >>> 8);
        bytes[length++] = (byte) value;
    }

    private void writeInt(int value) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            bytes[length++] = (byte) (value >>> shift);
        }
    }

    private void writeLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[length++] = (byte) (value >>> shift);
        }
    }

    // Doubling keeps the cost of growing linear in the output.
    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
