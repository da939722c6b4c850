package io.logpipe.application;

import io.logpipe.domain.ApiKeyStore;
import io.logpipe.domain.Role;
import io.logpipe.domain.StoredApiKey;
import io.logpipe.domain.Tenants;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/** Makes API keys: random id and secret, of which only the id and a peppered hash of the secret are stored. */
public final class CreateApiKey {
    /** The tenant of the key made on a first start with no keys. */
    public static final String DEFAULT_TENANT = "default";

    private static final int ID_BYTES = 8;
    private static final int SECRET_BYTES = 32;
    private final ApiKeyStore keys;
    private final SecretHasher hasher;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public CreateApiKey(ApiKeyStore keys, SecretHasher hasher, Clock clock) {
        this.keys = keys;
        this.hasher = hasher;
        this.clock = clock;
    }

    /**
     * Makes and stores a key.
     *
     * @throws IllegalArgumentException if the tenant name is invalid or no role is given
     * @throws io.logpipe.domain.StoreUnavailableException if the key cannot be stored
     */
    public IssuedApiKey create(String tenant, Set<Role> roles) {
        Tenants.requireValid(tenant);
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a key needs at least one role");
        }
        String keyId = HexFormat.of().formatHex(randomBytes(ID_BYTES));
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(SECRET_BYTES));
        keys.add(new StoredApiKey(keyId, tenant, roles, hasher.hash(secret), clock.instant()));
        return new IssuedApiKey(keyId, ApiKeyFormat.compose(keyId, secret), tenant, Set.copyOf(roles));
    }

    /**
     * On a fresh installation, makes one key for the {@value #DEFAULT_TENANT} tenant with every role, so a new user
     * can send and search entries at once.
     *
     * @return the new key, or empty if any key already existed
     */
    public Optional<IssuedApiKey> createFirstKeyIfNone() {
        if (!keys.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(create(DEFAULT_TENANT, EnumSet.allOf(Role.class)));
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }
}
