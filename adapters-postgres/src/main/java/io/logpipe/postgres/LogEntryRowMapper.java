package io.logpipe.postgres;

import io.logpipe.domain.Attributes;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Reads a {@code log_entries} row. Timestamps are read as {@code OffsetDateTime}, which the driver builds from the
 * stored instant without consulting any default zone.
 *
 * <p>Attributes are read as the text PostgreSQL prints for the {@code jsonb} value. That is the same JSON value as was
 * written but not always the same text: keys are sorted (shorter first) and deduplicated (the last one wins), spacing
 * is PostgreSQL's own and a number in exponent form is written out in full ({@code 1e2} reads back as {@code 100}).
 */
final class LogEntryRowMapper implements RowMapper<LogEntry> {

    @Override
    public LogEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new LogEntry(
                rs.getObject("id", UUID.class),
                rs.getString("tenant"),
                instant(rs, "timestamp"),
                instant(rs, "received_at"),
                rs.getString("service"),
                Level.parse(rs.getString("level")),
                rs.getString("message"),
                Attributes.of(rs.getString("attributes")),
                rs.getString("trace_id"),
                rs.getString("span_id"),
                rs.getString("host"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
