package io.logpipe.domain;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * An API key as stored: its public id, what it grants, and a keyed hash of its secret.
 *
 * @param keyId public identifier, part of the key string
 * @param tenant the tenant the key is bound to
 * @param roles what the key may do
 * @param secretHash HMAC-SHA256 of the secret under the server's pepper; the array is not copied, do not mutate it
 * @param createdAt when the key was made
 */
public record StoredApiKey(String keyId, String tenant, Set<Role> roles, byte[] secretHash, Instant createdAt) {

    public StoredApiKey {
        Objects.requireNonNull(keyId, "keyId");
        Tenants.requireValid(tenant);
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The caller this key stands for. */
    public Principal principal() {
        return new Principal(keyId, tenant, roles);
    }
}
