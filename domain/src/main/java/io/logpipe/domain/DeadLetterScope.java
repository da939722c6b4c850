package io.logpipe.domain;

/**
 * Whose dead letters an operation of {@link DeadLetterStore} may see and touch: one tenant's, or every one, including
 * the undecodable records, which belong to no tenant. Immutable and thread-safe.
 *
 * @param tenant the tenant, or null for every dead letter
 */
public record DeadLetterScope(String tenant) {
    private static final DeadLetterScope EVERYTHING = new DeadLetterScope(null);

    public DeadLetterScope {
        if (tenant != null) {
            Tenants.requireValid(tenant);
        }
    }

    /**
     * The dead letters of one tenant.
     *
     * @throws IllegalArgumentException if {@code tenant} is null or not a valid tenant name
     */
    public static DeadLetterScope of(String tenant) {
        return new DeadLetterScope(Tenants.requireValid(tenant));
    }

    /** Every dead letter of every tenant, and the undecodable records: the operator's view. */
    public static DeadLetterScope everything() {
        return EVERYTHING;
    }

    /** True if {@code letter} lies within this scope. */
    public boolean covers(StoredDeadLetter letter) {
        return tenant == null || tenant.equals(letter.tenant());
    }
}
