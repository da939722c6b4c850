package io.logpipe.application;

import io.logpipe.domain.ApiKeyStore;
import io.logpipe.domain.AuditAction;
import io.logpipe.domain.AuditEvent;
import io.logpipe.domain.AuditOutcome;
import io.logpipe.domain.Principal;
import io.logpipe.domain.Role;
import io.logpipe.domain.StoredApiKey;
import io.logpipe.domain.Tenants;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Makes, lists, revokes and rotates API keys. An API caller needs the admin role and acts on its own tenant only:
 * another tenant's key is to it as an id that never existed. The operator's command line names any tenant. Every change
 * is audited, in the same transaction as the change.
 *
 * <p>A new key gets a random id and secret, of which only the id and a peppered hash of the secret are stored. Rotating
 * a key makes a new one with the same tenant, roles, description and expiry, and retires the old one at once or after
 * a grace period, so a shipper can switch without losing a request.
 */
public final class ManageApiKeys {
    /** The tenant of the key made on a first start with no keys. */
    public static final String DEFAULT_TENANT = "default";
    /** The longest an old key may keep working after a rotation. */
    public static final Duration MAX_GRACE = Duration.ofDays(7);

    private static final int ID_BYTES = 8;
    private static final int SECRET_BYTES = 32;
    private final ApiKeyStore keys;
    private final Peppers peppers;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ManageApiKeys(ApiKeyStore keys, Peppers peppers, Clock clock) {
        this.keys = keys;
        this.peppers = peppers;
        this.clock = clock;
    }

    /**
     * Makes a key for the caller's tenant.
     *
     * @throws io.logpipe.domain.AccessDeniedException if the caller lacks the admin role
     * @throws io.logpipe.domain.InvalidRequestException if the spec is invalid; nothing was made
     * @throws io.logpipe.domain.StoreUnavailableException if the key cannot be stored
     */
    public IssuedApiKey create(Principal caller, String remoteAddress, NewApiKey spec) {
        return create(tenantOf(caller), spec, caller.keyId(), remoteAddress);
    }

    /** @throws io.logpipe.domain.AccessDeniedException if the caller lacks the admin role */
    public List<StoredApiKey> list(Principal caller) {
        return keys.list(tenantOf(caller));
    }

    /**
     * Revokes one of the caller's tenant's keys; it stops working on every server within the key cache's recheck time.
     *
     * @return the key as it now stands; empty if the tenant has no key with that id
     * @throws io.logpipe.domain.AccessDeniedException if the caller lacks the admin role
     */
    public Optional<StoredApiKey> revoke(Principal caller, String remoteAddress, String keyId) {
        return revoke(tenantOf(caller), keyId, caller.keyId(), remoteAddress);
    }

    /**
     * Replaces one of the caller's tenant's active keys.
     *
     * @param grace how long the old key keeps working, from zero (revoked at once) to {@link #MAX_GRACE}
     * @return the new key and the old one as it now stands; empty if the tenant has no such active key
     * @throws io.logpipe.domain.AccessDeniedException if the caller lacks the admin role
     * @throws io.logpipe.domain.InvalidRequestException if the grace is out of range
     */
    public Optional<RotatedApiKey> rotate(Principal caller, String remoteAddress, String keyId, Duration grace) {
        return rotate(tenantOf(caller), keyId, grace, caller.keyId(), remoteAddress);
    }

    /**
     * Makes a key for any tenant, for the operator's command line.
     *
     * @throws io.logpipe.domain.InvalidRequestException if the tenant name or the spec is invalid
     */
    public IssuedApiKey create(String tenant, NewApiKey spec) {
        ValidationProblems problems = new ValidationProblems();
        if (!Tenants.isValid(tenant)) {
            problems.add("tenant", "must be 1-63 characters of a-z, 0-9, '_', '.', '-', starting with a letter or "
                    + "digit");
        }
        check(spec, problems);
        if (!problems.isEmpty()) {
            throw problems.rejection("invalid key; none was made");
        }
        return create(tenant, spec, AuditEvent.CLI, null);
    }

    /** Every key of one tenant, or of all when {@code tenant} is empty, for the operator's command line. */
    public List<StoredApiKey> list(Optional<String> tenant) {
        return tenant.map(keys::list).orElseGet(keys::listAll);
    }

    /** Revokes a key of any tenant, for the operator's command line; empty if no key has that id. */
    public Optional<StoredApiKey> revoke(String keyId) {
        return keys.find(keyId).flatMap(key -> revoke(key.tenant(), keyId, AuditEvent.CLI, null));
    }

    /** Rotates a key of any tenant, for the operator's command line; empty if no active key has that id. */
    public Optional<RotatedApiKey> rotate(String keyId, Duration grace) {
        return keys.find(keyId).flatMap(key -> rotate(key.tenant(), keyId, grace, AuditEvent.CLI, null));
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
        return Optional.of(create(DEFAULT_TENANT, new NewApiKey(EnumSet.allOf(Role.class),
                "made on the first start", null), AuditEvent.SYSTEM, null));
    }

    private IssuedApiKey create(String tenant, NewApiKey spec, String actor, String remoteAddress) {
        ValidationProblems problems = new ValidationProblems();
        check(spec, problems);
        if (!problems.isEmpty()) {
            throw problems.rejection("invalid key; none was made");
        }
        Instant now = clock.instant();
        Secret secret = newSecret();
        StoredApiKey key = new StoredApiKey(secret.keyId, tenant, spec.roles(), spec.description(),
                peppers.hashCurrent(secret.secret), peppers.currentVersion(), now, spec.expiresAt(), null, null);
        keys.add(key, event(now, actor, tenant, AuditAction.KEY_CREATE, key.keyId(), remoteAddress,
                describe(key)));
        return new IssuedApiKey(ApiKeyFormat.compose(secret.keyId, secret.secret), key);
    }

    private Optional<StoredApiKey> revoke(String tenant, String keyId, String actor, String remoteAddress) {
        Instant now = clock.instant();
        return keys.revoke(tenant, keyId, now,
                event(now, actor, tenant, AuditAction.KEY_REVOKE, keyId, remoteAddress, ""));
    }

    private Optional<RotatedApiKey> rotate(String tenant, String keyId, Duration grace, String actor,
            String remoteAddress) {
        if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            throw new io.logpipe.domain.InvalidRequestException("invalid rotation; nothing was changed",
                    List.of("grace: must be from 0 to " + MAX_GRACE.toSeconds() + " seconds; got "
                            + grace.toSeconds()));
        }
        Instant now = clock.instant();
        Optional<StoredApiKey> old = keys.find(keyId).filter(key -> key.tenant().equals(tenant));
        if (old.isEmpty()) {
            return Optional.empty();
        }
        Secret secret = newSecret();
        StoredApiKey template = old.get();
        StoredApiKey replacement = new StoredApiKey(secret.keyId, tenant, template.roles(), template.description(),
                peppers.hashCurrent(secret.secret), peppers.currentVersion(), now, template.expiresAt(), null, null);
        AuditEvent event = event(now, actor, tenant, AuditAction.KEY_ROTATE, keyId, remoteAddress,
                "replaced by " + replacement.keyId() + (grace.isZero() ? ", revoked at once"
                        : ", old key works for " + grace.toSeconds() + " s more"));
        return keys.rotate(tenant, keyId, replacement, now.plus(grace), event)
                .map(retired -> new RotatedApiKey(
                        new IssuedApiKey(ApiKeyFormat.compose(secret.keyId, secret.secret), replacement), retired));
    }

    private void check(NewApiKey spec, ValidationProblems problems) {
        if (spec.roles().isEmpty()) {
            problems.add("roles", "a key needs at least one of ingest, query, admin");
        }
        if (spec.description().length() > StoredApiKey.MAX_DESCRIPTION_LENGTH) {
            problems.add("description", "must be at most " + StoredApiKey.MAX_DESCRIPTION_LENGTH + " characters");
        }
        if (spec.description().chars().anyMatch(Character::isISOControl)) {
            problems.add("description", "must not hold control characters");
        }
        if (spec.expiresAt() != null && !spec.expiresAt().isAfter(clock.instant())) {
            problems.add("expires_at", "must be in the future");
        }
    }

    private static String describe(StoredApiKey key) {
        return "roles " + key.roles().stream().map(Role::wireName).sorted().collect(Collectors.joining(","))
                + (key.expiresAt() == null ? "" : ", expires " + key.expiresAt());
    }

    private static AuditEvent event(Instant at, String actor, String tenant, AuditAction action, String target,
            String remoteAddress, String detail) {
        return new AuditEvent(at, actor, tenant, action, target, AuditOutcome.SUCCESS, remoteAddress, detail);
    }

    private Secret newSecret() {
        return new Secret(HexFormat.of().formatHex(randomBytes(ID_BYTES)),
                Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(SECRET_BYTES)));
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String tenantOf(Principal caller) {
        caller.require(Role.ADMIN);
        return caller.tenant();
    }

    private record Secret(String keyId, String secret) {
    }
}
