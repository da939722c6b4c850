package io.logpipe.domain.testing;

import io.logpipe.domain.ApiKeyStore;
import io.logpipe.domain.AuditEvent;
import io.logpipe.domain.StoreUnavailableException;
import io.logpipe.domain.StoredApiKey;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@link ApiKeyStore} in memory, keeping the port's contract: one key per id, audit events recorded in
 * {@link #audit()} with each change, and nothing changed when it fails. Can be made to fail with
 * {@link #setUnavailable} (or by making the audit trail unavailable). Thread-safe.
 */
public final class InMemoryApiKeyStore implements ApiKeyStore {
    private static final Comparator<StoredApiKey> NEWEST_FIRST =
            Comparator.comparing(StoredApiKey::createdAt).reversed().thenComparing(StoredApiKey::keyId);
    private final Map<String, StoredApiKey> keys = new LinkedHashMap<>();
    private final InMemoryAuditTrail audit;
    private boolean unavailable;

    public InMemoryApiKeyStore() {
        this(new InMemoryAuditTrail());
    }

    /** @param audit where changes record their events, as the real store does in the same transaction */
    public InMemoryApiKeyStore(InMemoryAuditTrail audit) {
        this.audit = audit;
    }

    /** The trail this store records its changes in. */
    public InMemoryAuditTrail audit() {
        return audit;
    }

    @Override
    public synchronized void add(StoredApiKey key, AuditEvent event) {
        failIfDown();
        if (keys.containsKey(key.keyId())) {
            throw new IllegalStateException("key " + key.keyId() + " exists");
        }
        audit.record(event);
        keys.put(key.keyId(), key);
    }

    @Override
    public synchronized Optional<StoredApiKey> find(String keyId) {
        failIfDown();
        return Optional.ofNullable(keys.get(keyId));
    }

    @Override
    public synchronized List<StoredApiKey> list(String tenant) {
        failIfDown();
        return keys.values().stream().filter(key -> key.tenant().equals(tenant)).sorted(NEWEST_FIRST).toList();
    }

    @Override
    public synchronized List<StoredApiKey> listAll() {
        failIfDown();
        return keys.values().stream()
                .sorted(Comparator.comparing(StoredApiKey::tenant).thenComparing(NEWEST_FIRST)).toList();
    }

    @Override
    public synchronized Optional<StoredApiKey> revoke(String tenant, String keyId, Instant at, AuditEvent event) {
        failIfDown();
        StoredApiKey key = keys.get(keyId);
        if (key == null || !key.tenant().equals(tenant)) {
            return Optional.empty();
        }
        if (key.revokedAt() != null) {
            return Optional.of(key);
        }
        audit.record(event);
        StoredApiKey revoked = with(key, key.expiresAt(), at, key.lastUsedAt());
        keys.put(keyId, revoked);
        return Optional.of(revoked);
    }

    @Override
    public synchronized Optional<StoredApiKey> rotate(String tenant, String keyId, StoredApiKey replacement,
            Instant retireAt, AuditEvent event) {
        failIfDown();
        StoredApiKey key = keys.get(keyId);
        if (key == null || !key.tenant().equals(tenant) || !key.isActiveAt(event.at())) {
            return Optional.empty();
        }
        if (keys.containsKey(replacement.keyId())) {
            throw new IllegalStateException("key " + replacement.keyId() + " exists");
        }
        audit.record(event);
        keys.put(replacement.keyId(), replacement);
        StoredApiKey retired = retireAt.isAfter(event.at())
                ? with(key, key.expiresAt() == null || retireAt.isBefore(key.expiresAt()) ? retireAt : key.expiresAt(),
                        null, key.lastUsedAt())
                : with(key, key.expiresAt(), event.at(), key.lastUsedAt());
        keys.put(keyId, retired);
        return Optional.of(retired);
    }

    @Override
    public synchronized void markUsed(String keyId, Instant at) {
        failIfDown();
        StoredApiKey key = keys.get(keyId);
        if (key != null) {
            keys.put(keyId, with(key, key.expiresAt(), key.revokedAt(), at));
        }
    }

    @Override
    public synchronized boolean isEmpty() {
        failIfDown();
        return keys.isEmpty();
    }

    /** Every key stored, in the order added. */
    public synchronized List<StoredApiKey> all() {
        return List.copyOf(keys.values());
    }

    /** While {@code down}, every call of the port throws {@link StoreUnavailableException} and changes nothing. */
    public synchronized void setUnavailable(boolean down) {
        unavailable = down;
    }

    private void failIfDown() {
        if (unavailable) {
            throw new StoreUnavailableException("key store down (test)", null);
        }
        audit.failIfDown();
    }

    private static StoredApiKey with(StoredApiKey key, Instant expiresAt, Instant revokedAt, Instant lastUsedAt) {
        return new StoredApiKey(key.keyId(), key.tenant(), key.roles(), key.description(), key.secretHash(),
                key.pepperVersion(), key.createdAt(), expiresAt, revokedAt, lastUsedAt);
    }
}
