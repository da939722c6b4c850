package io.logpipe.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.logpipe.domain.Role;
import io.logpipe.domain.StoredApiKey;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An API key as the admin API lists it: what it is and where it stands, never its secret nor its hash. Times are
 * RFC 3339 in UTC, {@code null} (written, not omitted) when they have not happened or never will.
 *
 * @param state {@code active}, {@code expired} or {@code revoked}, at the time of the answer
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record KeyResponse(
        @JsonProperty("key_id") String keyId,
        @JsonProperty("tenant") String tenant,
        @JsonProperty("roles") List<String> roles,
        @JsonProperty("description") String description,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("expires_at") String expiresAt,
        @JsonProperty("revoked_at") String revokedAt,
        @JsonProperty("last_used_at") String lastUsedAt,
        @JsonProperty("state") String state) {

    static KeyResponse from(StoredApiKey key, Instant now) {
        String state = key.revokedAt() != null ? "revoked" : key.isActiveAt(now) ? "active" : "expired";
        return new KeyResponse(key.keyId(), key.tenant(), roles(key.roles()), key.description(),
                Rfc3339.format(key.createdAt()), Rfc3339.format(key.expiresAt()), Rfc3339.format(key.revokedAt()),
                Rfc3339.format(key.lastUsedAt()), state);
    }

    /** Wire names in a fixed order: ingest, query, admin. */
    static List<String> roles(Set<Role> roles) {
        return roles.stream().sorted().map(Role::wireName).toList();
    }
}
