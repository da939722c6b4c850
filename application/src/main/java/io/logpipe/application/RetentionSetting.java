package io.logpipe.application;

/**
 * How long a tenant's entries are kept, and why. Immutable.
 *
 * @param tenant the tenant
 * @param days the retention in effect
 * @param source whether it is the configured default or the tenant's own
 */
public record RetentionSetting(String tenant, int days, Source source) {

    /** Where a retention comes from. */
    public enum Source {
        /** The configured default: the tenant has no override. */
        DEFAULT,
        /** The tenant's own override. */
        TENANT
    }
}
