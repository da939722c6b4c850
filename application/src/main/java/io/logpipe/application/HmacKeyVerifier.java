package io.logpipe.application;

import io.logpipe.domain.ApiKeyStore;
import io.logpipe.domain.KeyVerifier;
import io.logpipe.domain.Principal;
import io.logpipe.domain.StoredApiKey;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Verifies {@code lp_<id>_<secret>} keys: looks the id up, hashes the presented secret with the pepper, and compares
 * the hashes in constant time so response timing does not reveal how much of a guess was right.
 */
public final class HmacKeyVerifier implements KeyVerifier {
    private final ApiKeyStore keys;
    private final SecretHasher hasher;

    public HmacKeyVerifier(ApiKeyStore keys, SecretHasher hasher) {
        this.keys = keys;
        this.hasher = hasher;
    }

    @Override
    public Optional<Principal> verify(String presentedKey) {
        return ApiKeyFormat.parse(presentedKey).flatMap(parts -> keys.find(parts.keyId())
                .filter(stored -> matches(stored, parts.secret()))
                .map(StoredApiKey::principal));
    }

    private boolean matches(StoredApiKey stored, String secret) {
        return MessageDigest.isEqual(stored.secretHash(), hasher.hash(secret));
    }
}
