package io.logpipe.application;

import io.logpipe.domain.Role;
import io.logpipe.domain.StoredApiKey;
import java.util.Objects;
import java.util.Set;

/**
 * A key just made. {@link #key()} holds the secret, which exists only here: show it to the user once and drop it.
 *
 * @param key the full key to present, {@code lp_<id>_<secret>}
 * @param stored the key as it was stored
 */
public record IssuedApiKey(String key, StoredApiKey stored) {

    public IssuedApiKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(stored, "stored");
    }

    /** The public id. */
    public String keyId() {
        return stored.keyId();
    }

    /** The tenant it is bound to. */
    public String tenant() {
        return stored.tenant();
    }

    /** What it may do. */
    public Set<Role> roles() {
        return stored.roles();
    }

    @Override
    public String toString() {
        return "IssuedApiKey[keyId=" + keyId() + ", tenant=" + tenant() + ", roles=" + roles() + "]";
    }
}
