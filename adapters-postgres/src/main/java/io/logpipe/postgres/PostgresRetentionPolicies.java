package io.logpipe.postgres;

import io.logpipe.domain.AuditEvent;
import io.logpipe.domain.RetentionPolicies;
import io.logpipe.domain.TenantRetention;
import io.logpipe.domain.Tenants;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link RetentionPolicies} on PostgreSQL's {@code tenant_retention} table, one row per tenant with an override.
 * Failures are translated as in {@link PostgresLogStore}. Thread-safe.
 */
public final class PostgresRetentionPolicies implements RetentionPolicies {

    private static final String FIND = """
            SELECT days FROM tenant_retention WHERE tenant = :tenant
            """;

    private static final String SET = """
            INSERT INTO tenant_retention (tenant, days, updated_at)
            VALUES (:tenant, :days, now())
            ON CONFLICT (tenant) DO UPDATE SET days = EXCLUDED.days, updated_at = EXCLUDED.updated_at
            """;

    private static final String CLEAR = """
            DELETE FROM tenant_retention WHERE tenant = :tenant
            """;

    private static final String LIST = """
            SELECT tenant, days FROM tenant_retention ORDER BY tenant
            """;

    private final Jdbi jdbi;

    /** @param jdbi connections to a database migrated with {@link PostgresMigrations} */
    public PostgresRetentionPolicies(Jdbi jdbi) {
        this.jdbi = JdbiSetup.configure(Objects.requireNonNull(jdbi, "jdbi"));
    }

    @Override
    public OptionalInt find(String tenant) {
        Tenants.requireValid(tenant);
        Optional<Integer> days = StoreFailures.translate("find a tenant's retention", () -> jdbi.withHandle(
                handle -> handle.createQuery(FIND).bind("tenant", tenant).mapTo(Integer.class).findOne()));
        return days.map(OptionalInt::of).orElseGet(OptionalInt::empty);
    }

    @Override
    public void set(String tenant, int days, AuditEvent event) {
        TenantRetention retention = new TenantRetention(tenant, days);
        StoreFailures.translate("set a tenant's retention", () -> jdbi.inTransaction(handle -> {
            handle.createUpdate(SET).bind("tenant", retention.tenant()).bind("days", retention.days()).execute();
            AuditRows.insert(handle, event);
            return null;
        }));
    }

    @Override
    public boolean clear(String tenant, AuditEvent event) {
        Tenants.requireValid(tenant);
        return StoreFailures.translate("clear a tenant's retention", () -> jdbi.inTransaction(handle -> {
            boolean cleared = handle.createUpdate(CLEAR).bind("tenant", tenant).execute() > 0;
            if (cleared) {
                AuditRows.insert(handle, event);
            }
            return cleared;
        }));
    }

    @Override
    public List<TenantRetention> list() {
        return StoreFailures.translate("list retention overrides", () -> jdbi.withHandle(handle -> handle
                .createQuery(LIST)
                .map((rs, ctx) -> new TenantRetention(rs.getString("tenant"), rs.getInt("days")))
                .list()));
    }
}
