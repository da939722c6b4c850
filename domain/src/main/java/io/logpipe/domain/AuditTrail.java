package io.logpipe.domain;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The audit trail: what was done to each tenant's keys, settings and data, and which requests were refused.
 *
 * <p>Changes kept in the same store as the trail ({@link ApiKeyStore}, {@link RetentionPolicies},
 * {@link LogPartitions#drop}) record their event themselves, in the same transaction. This port records events of
 * everything else.
 *
 * <p><b>Thread-safety.</b> Implementations are safe for concurrent use.
 */
public interface AuditTrail {

    /** The most events one page may hold. */
    int MAX_LIMIT = 1000;

    /**
     * Records an event; once this returns, it is durable.
     *
     * @throws StoreUnavailableException if the store cannot commit; nothing was recorded
     */
    void record(AuditEvent event);

    /**
     * Reads the tenant's events, newest first.
     *
     * @param limit from 1 to {@link #MAX_LIMIT}
     * @param action only events of this action; empty for all
     * @param beforeId only events with a smaller id (the previous page's {@link AuditPage#nextBefore()}); empty for
     *     the newest
     * @throws IllegalArgumentException if {@code limit} is out of range
     * @throws StoreUnavailableException if the store cannot be read
     */
    AuditPage page(String tenant, int limit, Optional<AuditAction> action, OptionalLong beforeId);
}
