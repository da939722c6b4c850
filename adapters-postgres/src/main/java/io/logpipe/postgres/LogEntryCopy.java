package io.logpipe.postgres;

import io.logpipe.domain.LogEntry;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Writes a batch of entries with one {@code COPY ... FROM STDIN (FORMAT binary)} straight into {@code log_entries}:
 * PostgreSQL routes each row to its day's partition and parses nothing, so this is the cheapest way in for both sides.
 * {@code COPY} has no {@code ON CONFLICT}: a batch holding an entry stored before (a redelivery) fails whole with
 * SQLSTATE 23505, and the caller writes it again with {@link LogEntryInsert}, which skips stored entries. Redeliveries
 * follow only crashes and outages, so the common batch pays for no conflict check beyond the primary key's.
 *
 * <p>The rows go over in PostgreSQL's binary copy format (header, then per row a field count and each field as its
 * length and bytes, then a trailer), as the PostgreSQL documentation of {@code COPY} describes it.
 */
final class LogEntryCopy {
    private static final String COPY = """
            COPY log_entries
                (tenant, id, timestamp, received_at, service, level, message, attributes, trace_id, span_id, host)
            FROM STDIN (FORMAT binary)
            """;
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final short FIELDS = 11;
    private static final int NULL = -1;
    /** Version of the jsonb binary format: the JSON text follows. */
    private static final byte JSONB_VERSION = 1;
    /** PostgreSQL counts timestamps in microseconds from 2000-01-01T00:00:00Z. */
    private static final long POSTGRES_EPOCH_SECONDS = Instant.parse("2000-01-01T00:00:00Z").getEpochSecond();
    private static final int BUFFER_BYTES = 256 * 1024;

    private LogEntryCopy() {
    }

    /**
     * Copies the entries into {@code log_entries} in the handle's transaction and returns how many rows that was.
     *
     * @throws SQLException as PostgreSQL refuses the copy; 23505 when an entry is stored already
     */
    static int copy(Handle handle, List<LogEntry> entries) throws SQLException {
        PGConnection connection = handle.getConnection().unwrap(PGConnection.class);
        PGCopyOutputStream copy = new PGCopyOutputStream(connection, COPY, BUFFER_BYTES);
        try {
            DataOutputStream out = new DataOutputStream(copy);
            out.write(SIGNATURE);
            out.writeInt(0); // flags
            out.writeInt(0); // header extension length
            for (LogEntry entry : entries) {
                writeRow(out, entry);
            }
            out.writeShort(-1);
            out.flush();
            return Math.toIntExact(copy.endCopy());
        } catch (IOException e) {
            throw asSqlException(e);
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static void writeRow(DataOutputStream out, LogEntry entry) throws IOException {
        out.writeShort(FIELDS);
        text(out, entry.tenant());
        out.writeInt(16);
        UUID id = entry.id();
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
        timestamp(out, entry.timestamp());
        timestamp(out, entry.receivedAt());
        text(out, entry.service());
        text(out, entry.level().wireName());
        text(out, entry.message());
        byte[] attributes = entry.attributes().json().getBytes(StandardCharsets.UTF_8);
        out.writeInt(attributes.length + 1);
        out.writeByte(JSONB_VERSION);
        out.write(attributes);
        text(out, entry.traceId());
        text(out, entry.spanId());
        text(out, entry.host());
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(NULL);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** Entries hold microseconds already ({@link LogEntry}), so nothing is rounded here. */
    private static void timestamp(DataOutputStream out, Instant instant) throws IOException {
        out.writeInt(8);
        out.writeLong((instant.getEpochSecond() - POSTGRES_EPOCH_SECONDS) * 1_000_000L + instant.getNano() / 1_000);
    }

    /** The copy stream reports PostgreSQL's refusal as an IOException around the driver's SQLException. */
    private static SQLException asSqlException(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return new SQLException("COPY into log_entries failed: " + e.getMessage(), "08006", e);
    }
}
