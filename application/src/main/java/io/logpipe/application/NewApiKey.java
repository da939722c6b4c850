package io.logpipe.application;

import io.logpipe.domain.Role;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a key to be made should be; {@link ManageApiKeys} checks it.
 *
 * @param roles what it may do
 * @param description what it is for; may be empty
 * @param expiresAt when it stops working; null for never
 */
public record NewApiKey(Set<Role> roles, String description, Instant expiresAt) {
    public NewApiKey {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        Objects.requireNonNull(description, "description");
    }

    /** A key with these roles, no description, that never expires. */
    public static NewApiKey withRoles(Set<Role> roles) {
        return new NewApiKey(roles, "", null);
    }
}
