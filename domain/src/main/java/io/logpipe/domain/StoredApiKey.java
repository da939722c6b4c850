package io.logpipe.domain;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * An API key as stored: its public id, what it grants, its lifecycle, and a keyed hash of its secret. Never the
 * secret itself.
 *
 * @param keyId public identifier, part of the key string
 * @param tenant the tenant the key is bound to
 * @param roles what the key may do
 * @param description what the key is for, as its creator wrote it; empty when none was given
 * @param secretHash HMAC-SHA256 of the secret under the pepper of {@code pepperVersion}; the array is not copied, do
 *     not mutate it
 * @param pepperVersion which of the server's peppers made {@code secretHash}, so that the pepper can be rotated
 * @param createdAt when the key was made
 * @param expiresAt when it stops working by itself; null for never
 * @param revokedAt when it was revoked; null while it is not
 * @param lastUsedAt when it last authenticated a request, to within a minute or so; null if never
 */
public record StoredApiKey(String keyId, String tenant, Set<Role> roles, String description, byte[] secretHash,
        int pepperVersion, Instant createdAt, Instant expiresAt, Instant revokedAt, Instant lastUsedAt) {

    /** The longest description a key may carry. */
    public static final int MAX_DESCRIPTION_LENGTH = 200;

    public StoredApiKey {
        Objects.requireNonNull(keyId, "keyId");
        Tenants.requireValid(tenant);
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        Objects.requireNonNull(description, "description");
        if (description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new IllegalArgumentException("description longer than " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        Objects.requireNonNull(secretHash, "secretHash");
        if (pepperVersion < 1) {
            throw new IllegalArgumentException("pepperVersion must be at least 1; got " + pepperVersion);
        }
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** True if the key authenticates requests at {@code now}: neither revoked nor expired. */
    public boolean isActiveAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    /** The caller this key stands for. */
    public Principal principal() {
        return new Principal(keyId, tenant, roles);
    }
}
