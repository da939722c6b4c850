package io.logpipe.application;

import io.logpipe.domain.ApiKeyStore;
import io.logpipe.domain.KeyVerdict;
import io.logpipe.domain.KeyVerdict.Accepted;
import io.logpipe.domain.KeyVerdict.Reason;
import io.logpipe.domain.KeyVerdict.Refused;
import io.logpipe.domain.KeyVerifier;
import io.logpipe.domain.StoredApiKey;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;

/**
 * Verifies {@code lp_<id>_<secret>} keys: looks the id up, hashes the presented secret with the pepper the key was
 * made under, and compares the hashes in constant time so response timing does not reveal how much of a guess was
 * right. An unknown id is hashed and compared too, against a hash no secret has, so that it takes as long as a wrong
 * secret. Expiry and revocation are checked only after the secret matched: what a key's state is stays hidden from
 * whoever does not hold it.
 */
public final class HmacKeyVerifier implements KeyVerifier {
    private static final byte[] NO_SECRET_HASHES_TO_THIS = new byte[32];

    private final ApiKeyStore keys;
    private final Peppers peppers;
    private final Clock clock;

    /** @param keys where keys are looked up; usually a cache in front of the real store */
    public HmacKeyVerifier(ApiKeyStore keys, Peppers peppers, Clock clock) {
        this.keys = keys;
        this.peppers = peppers;
        this.clock = clock;
    }

    @Override
    public KeyVerdict verify(String presentedKey) {
        if (presentedKey == null) {
            return Refused.of(Reason.MISSING);
        }
        Optional<ApiKeyFormat.Parts> parts = ApiKeyFormat.parse(presentedKey);
        if (parts.isEmpty()) {
            return Refused.of(Reason.MALFORMED);
        }
        String keyId = parts.get().keyId();
        Optional<StoredApiKey> found = keys.find(keyId);
        if (found.isEmpty() || !peppers.knows(found.get().pepperVersion())) {
            MessageDigest.isEqual(NO_SECRET_HASHES_TO_THIS, peppers.hashCurrent(parts.get().secret()));
            return new Refused(Reason.UNKNOWN, keyId, found.map(StoredApiKey::tenant).orElse(null));
        }
        StoredApiKey key = found.get();
        if (!MessageDigest.isEqual(key.secretHash(), peppers.hash(key.pepperVersion(), parts.get().secret()))) {
            return new Refused(Reason.WRONG_SECRET, keyId, key.tenant());
        }
        if (key.revokedAt() != null) {
            return new Refused(Reason.REVOKED, keyId, key.tenant());
        }
        if (!key.isActiveAt(clock.instant())) {
            return new Refused(Reason.EXPIRED, keyId, key.tenant());
        }
        return new Accepted(key.principal());
    }
}
