package io.logpipe.postgres;

import io.logpipe.domain.AuditAction;
import io.logpipe.domain.AuditEvent;
import io.logpipe.domain.AuditOutcome;
import io.logpipe.domain.AuditPage;
import io.logpipe.domain.AuditTrail;
import io.logpipe.domain.StoredAuditEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link AuditTrail} on PostgreSQL's {@code audit_events} table, which the other stores here also write their changes'
 * events to, in the changes' transactions. Pages are keyset pages on the identity id, newest first. Failures are
 * translated as in {@link PostgresLogStore}. Thread-safe.
 */
public final class PostgresAuditTrail implements AuditTrail {
    private static final String PAGE = """
            SELECT id, at, actor, tenant, action, target, outcome, remote_address, detail
            FROM audit_events
            WHERE tenant = :tenant
              AND (CAST(:action AS text) IS NULL OR action = :action)
              AND (CAST(:before AS bigint) IS NULL OR id < :before)
            ORDER BY id DESC
            LIMIT :limit
            """;

    private final Jdbi jdbi;

    /** @param jdbi connections to a database migrated with {@link PostgresMigrations} */
    public PostgresAuditTrail(Jdbi jdbi) {
        this.jdbi = JdbiSetup.configure(Objects.requireNonNull(jdbi, "jdbi"));
    }

    @Override
    public void record(AuditEvent event) {
        StoreFailures.translate("record an audit event", () -> {
            jdbi.useHandle(handle -> AuditRows.insert(handle, event));
            return null;
        });
    }

    @Override
    public AuditPage page(String tenant, int limit, Optional<AuditAction> action, OptionalLong beforeId) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT + "; got " + limit);
        }
        // One row more than asked tells whether another page follows.
        List<StoredAuditEvent> rows = StoreFailures.translate("read the audit trail", () -> jdbi.withHandle(
                handle -> handle.createQuery(PAGE)
                        .bind("tenant", tenant)
                        .bind("action", action.map(AuditAction::wireName).orElse(null))
                        .bind("before", beforeId.isPresent() ? beforeId.getAsLong() : null)
                        .bind("limit", limit + 1)
                        .map((rs, ctx) -> toEvent(rs))
                        .list()));
        if (rows.size() <= limit) {
            return new AuditPage(rows, OptionalLong.empty());
        }
        List<StoredAuditEvent> page = rows.subList(0, limit);
        return new AuditPage(page, OptionalLong.of(page.get(limit - 1).id()));
    }

    private static StoredAuditEvent toEvent(ResultSet rs) throws SQLException {
        return new StoredAuditEvent(rs.getLong("id"), new AuditEvent(
                rs.getObject("at", OffsetDateTime.class).toInstant(),
                rs.getString("actor"),
                rs.getString("tenant"),
                AuditAction.parse(rs.getString("action")),
                rs.getString("target"),
                AuditOutcome.valueOf(rs.getString("outcome").toUpperCase(Locale.ROOT)),
                rs.getString("remote_address"),
                rs.getString("detail")));
    }
}
