package io.logpipe.domain.testing;

import io.logpipe.domain.AuditEvent;
import io.logpipe.domain.RetentionPolicies;
import io.logpipe.domain.TenantRetention;
import io.logpipe.domain.Tenants;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/** A {@link RetentionPolicies} in memory, keeping the port's contract, audit events included. Thread-safe. */
public final class InMemoryRetentionPolicies implements RetentionPolicies {
    private final Map<String, Integer> overrides = new TreeMap<>();
    private final InMemoryAuditTrail audit;

    public InMemoryRetentionPolicies() {
        this(new InMemoryAuditTrail());
    }

    /** @param audit where changes record their events, as the real store does in the same transaction */
    public InMemoryRetentionPolicies(InMemoryAuditTrail audit) {
        this.audit = audit;
    }

    /** The trail this store records its changes in. */
    public InMemoryAuditTrail audit() {
        return audit;
    }

    @Override
    public synchronized OptionalInt find(String tenant) {
        Integer days = overrides.get(Tenants.requireValid(tenant));
        return days == null ? OptionalInt.empty() : OptionalInt.of(days);
    }

    @Override
    public synchronized void set(String tenant, int days, AuditEvent event) {
        TenantRetention retention = new TenantRetention(tenant, days);
        audit.record(event);
        overrides.put(retention.tenant(), days);
    }

    @Override
    public synchronized boolean clear(String tenant, AuditEvent event) {
        if (!overrides.containsKey(Tenants.requireValid(tenant))) {
            return false;
        }
        audit.record(event);
        overrides.remove(tenant);
        return true;
    }

    @Override
    public synchronized List<TenantRetention> list() {
        return overrides.entrySet().stream().map(e -> new TenantRetention(e.getKey(), e.getValue())).toList();
    }
}
