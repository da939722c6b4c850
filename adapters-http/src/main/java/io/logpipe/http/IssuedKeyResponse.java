package io.logpipe.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.logpipe.application.IssuedApiKey;
import java.util.List;

/**
 * A key just made, with its secret: the one answer that ever shows it.
 *
 * @param key the full key to send, {@code lp_<key_id>_<secret>}
 * @param expiresAt {@code null} for never
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record IssuedKeyResponse(
        @JsonProperty("key_id") String keyId,
        @JsonProperty("key") String key,
        @JsonProperty("tenant") String tenant,
        @JsonProperty("roles") List<String> roles,
        @JsonProperty("description") String description,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("expires_at") String expiresAt) {

    static IssuedKeyResponse from(IssuedApiKey issued) {
        return new IssuedKeyResponse(issued.keyId(), issued.key(), issued.tenant(), KeyResponse.roles(issued.roles()),
                issued.stored().description(), Rfc3339.format(issued.stored().createdAt()),
                Rfc3339.format(issued.stored().expiresAt()));
    }

    @Override
    public String toString() {
        return "IssuedKeyResponse[keyId=" + keyId + ", tenant=" + tenant + ", roles=" + roles + "]";
    }
}
