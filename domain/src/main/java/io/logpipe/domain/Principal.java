package io.logpipe.domain;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling: the API key that authenticated the request, the tenant that key is bound to, and what it may do.
 *
 * <p>Every read and write is scoped to {@link #tenant()}; no request can name another tenant. Implements
 * {@link java.security.Principal} so that the HTTP layer can carry it as the request's security principal.
 * Immutable and thread-safe.
 *
 * @param keyId the public identifier of the API key, never the secret
 * @param tenant the tenant the key belongs to
 * @param roles what the key may do; copied, may be empty
 */
public record Principal(String keyId, String tenant, Set<Role> roles) implements java.security.Principal {

    public Principal {
        Objects.requireNonNull(keyId, "keyId");
        Tenants.requireValid(tenant);
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    /** True if this principal holds {@code role}. */
    public boolean has(Role role) {
        return roles.contains(role);
    }

    /**
     * Fails unless this principal holds {@code role}.
     *
     * @throws AccessDeniedException if the role is missing
     */
    public void require(Role role) {
        if (!has(role)) {
            throw new AccessDeniedException("this API key lacks the '" + role.wireName() + "' role");
        }
    }

    /** The key id: what logs and audit trails may show about the caller. */
    @Override
    public String getName() {
        return keyId;
    }
}
