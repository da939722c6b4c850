package io.logpipe.domain;

import java.util.List;
import java.util.OptionalInt;

/**
 * Per-tenant retention overrides: how many days a tenant's entries are kept when that differs from the configured
 * default. A tenant without an override is kept for the default, which this port does not know.
 *
 * <p><b>Audit.</b> Each change takes the {@link AuditEvent} that describes it, and commits together with it.
 *
 * <p><b>Consistency.</b> Each call is atomic on its own; a {@link #set} is seen by every later {@link #find} and
 * {@link #list}, in this process and others sharing the store.
 *
 * <p><b>Thread-safety.</b> Implementations are safe for concurrent use.
 */
public interface RetentionPolicies {

    /**
     * @param tenant a valid tenant name
     * @return the tenant's override in days, or empty when it has none
     * @throws StoreUnavailableException if the store cannot be read
     */
    OptionalInt find(String tenant);

    /**
     * Sets or replaces the tenant's override.
     *
     * @param tenant a valid tenant name
     * @param days at least 1; bounds beyond that are the caller's business rule
     * @throws IllegalArgumentException if {@code days} is below 1 or the tenant name is invalid
     * @throws StoreUnavailableException if the store cannot commit; nothing changed, nothing was recorded
     */
    void set(String tenant, int days, AuditEvent event);

    /**
     * Removes the tenant's override, so the default applies again. When there was none, nothing is recorded.
     *
     * @return true if there was one
     * @throws StoreUnavailableException if the store cannot commit; nothing changed, nothing was recorded
     */
    boolean clear(String tenant, AuditEvent event);

    /**
     * @return every override, ordered by tenant; empty when none is set
     * @throws StoreUnavailableException if the store cannot be read
     */
    List<TenantRetention> list();
}
