package io.logpipe.application;

import io.logpipe.domain.Role;
import java.util.Set;

/**
 * A key just made. {@link #key()} holds the secret, which exists only here: show it to the user once and drop it.
 *
 * @param keyId the public id
 * @param key the full key to present, {@code lp_<id>_<secret>}
 * @param tenant the tenant it is bound to
 * @param roles what it may do
 */
public record IssuedApiKey(String keyId, String key, String tenant, Set<Role> roles) {

    @Override
    public String toString() {
        return "IssuedApiKey[keyId=" + keyId + ", tenant=" + tenant + ", roles=" + roles + "]";
    }
}
