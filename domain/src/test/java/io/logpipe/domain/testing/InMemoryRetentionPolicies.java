package io.logpipe.domain.testing;

import io.logpipe.domain.RetentionPolicies;
import io.logpipe.domain.TenantRetention;
import io.logpipe.domain.Tenants;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/** A {@link RetentionPolicies} in memory, keeping the port's contract. Thread-safe. */
public final class InMemoryRetentionPolicies implements RetentionPolicies {
    private final Map<String, Integer> overrides = new TreeMap<>();

    @Override
    public synchronized OptionalInt find(String tenant) {
        Integer days = overrides.get(Tenants.requireValid(tenant));
        return days == null ? OptionalInt.empty() : OptionalInt.of(days);
    }

    @Override
    public synchronized void set(String tenant, int days) {
        overrides.put(new TenantRetention(tenant, days).tenant(), days);
    }

    @Override
    public synchronized boolean clear(String tenant) {
        return overrides.remove(Tenants.requireValid(tenant)) != null;
    }

    @Override
    public synchronized List<TenantRetention> list() {
        return overrides.entrySet().stream().map(e -> new TenantRetention(e.getKey(), e.getValue())).toList();
    }
}
