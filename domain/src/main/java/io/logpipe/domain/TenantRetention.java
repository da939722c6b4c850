package io.logpipe.domain;

/**
 * How many days one tenant's entries are kept. Immutable.
 *
 * @param tenant a valid tenant name
 * @param days at least 1
 */
public record TenantRetention(String tenant, int days) {

    public TenantRetention {
        Tenants.requireValid(tenant);
        if (days < 1) {
            throw new IllegalArgumentException("retention must be at least 1 day; got " + days);
        }
    }
}
