package io.logpipe.application;

import io.logpipe.domain.StoredApiKey;
import java.util.Objects;

/**
 * The outcome of rotating a key.
 *
 * @param replacement the new key, with its secret
 * @param retired the old key as it now stands: revoked, or expiring at the end of the grace period
 */
public record RotatedApiKey(IssuedApiKey replacement, StoredApiKey retired) {
    public RotatedApiKey {
        Objects.requireNonNull(replacement, "replacement");
        Objects.requireNonNull(retired, "retired");
    }
}
