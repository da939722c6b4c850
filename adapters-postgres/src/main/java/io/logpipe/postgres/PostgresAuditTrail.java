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
import org.jdbi.v3.core.statement.Query;

/**
 * {@link AuditTrail} on PostgreSQL's {@code audit_events} table, which the other stores here also write their changes'
 * events to, in the changes' transactions. Pages are keyset pages on the identity id, newest first. Failures are
 * translated as in {@link PostgresLogStore}. Thread-safe.
 */
public final class PostgresAuditTrail implements AuditTrail {
    private static final String COLUMNS = "id, at, actor, tenant, action, target, outcome, remote_address, detail";

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
                handle -> {
                    Query query = handle.createQuery(pageStatement(action.isPresent(), beforeId.isPresent()))
                            .bind("tenant", tenant)
                            .bind("limit", limit + 1);
                    action.ifPresent(filter -> query.bind("action", filter.wireName()));
                    beforeId.ifPresent(before -> query.bind("before", before));
                    return query.map((rs, ctx) -> toEvent(rs)).list();
                }));
        if (rows.size() <= limit) {
            return new AuditPage(rows, OptionalLong.empty());
        }
        List<StoredAuditEvent> page = rows.subList(0, limit);
        return new AuditPage(page, OptionalLong.of(page.get(limit - 1).id()));
    }

    /**
     * The statement for a page. A filter that is not asked for is left out of the text, not bound as a null that the
     * statement tests ({@code :before IS NULL OR id < :before}): once the driver prepares a statement that ran often,
     * the server may plan it once for all values, and such a plan cannot start the index scan at the cursor, so each
     * page would read every newer event again. As written, the scan starts at the cursor, and a deep page costs no
     * more than the first.
     */
    static String pageStatement(boolean byAction, boolean beforeId) {
        return "SELECT " + COLUMNS + " FROM audit_events WHERE tenant = :tenant"
                + (byAction ? " AND action = :action" : "")
                + (beforeId ? " AND id < :before" : "")
                + " ORDER BY id DESC LIMIT :limit";
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
