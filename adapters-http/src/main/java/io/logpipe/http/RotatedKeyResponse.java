package io.logpipe.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.logpipe.application.RotatedApiKey;
import java.time.Instant;

/**
 * The answer to a rotation.
 *
 * @param key the new key, with its secret, as a key just made is shown
 * @param retired the old key as it now stands: revoked, or expiring at the end of the grace period
 */
record RotatedKeyResponse(
        @JsonProperty("key") IssuedKeyResponse key,
        @JsonProperty("retired") KeyResponse retired) {

    static RotatedKeyResponse from(RotatedApiKey rotated, Instant now) {
        return new RotatedKeyResponse(IssuedKeyResponse.from(rotated.replacement()),
                KeyResponse.from(rotated.retired(), now));
    }
}
