package io.logpipe.bootstrap.keys;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import io.logpipe.domain.ApiKeyStore;
import io.logpipe.domain.AuditEvent;
import io.logpipe.domain.StoreUnavailableException;
import io.logpipe.domain.StoredApiKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Remembers key lookups, so that verifying a key costs a database query only once per {@code recheckAfter} per key
 * and process. Three promises follow from how it remembers:
 * <ul>
 *   <li>A revoked or changed key is seen by every process within {@code recheckAfter}: a remembered lookup is used only
 *       that long, then the next request for that key looks it up again and waits for the answer (requests for the same
 *       key share one lookup). Nothing is served stale while the store answers.</li>
 *   <li>A key id no key has is remembered as unknown for the same time, so repeating one costs no query.</li>
 *   <li>While the store is unreachable, a key looked up successfully within {@code outageGrace} keeps its last known
 *       state, so ingest carries on through a database outage; other keys get the store's failure (a 503).</li>
 * </ul>
 * Changes made through this instance are passed to the store and forgotten here at once. Thread-safe.
 */
public final class RecheckingKeyCache implements ApiKeyStore {
    private final ApiKeyStore store;
    private final LoadingCache<String, Lookup> recent;
    private final Cache<String, StoredApiKey> lastKnown;

    /**
     * @param recheckAfter how long a lookup is used before the key is looked up again
     * @param outageGrace how long a key's last known state is used while the store is unreachable
     * @param maximumKeys how many keys each of the two memories holds at most
     */
    public RecheckingKeyCache(ApiKeyStore store, Duration recheckAfter, Duration outageGrace, long maximumKeys) {
        this(store, recheckAfter, outageGrace, maximumKeys, Ticker.systemTicker());
    }

    /** As above, with time read from {@code ticker}, so tests can move it. */
    RecheckingKeyCache(ApiKeyStore store, Duration recheckAfter, Duration outageGrace, long maximumKeys,
            Ticker ticker) {
        this.store = store;
        this.recent = Caffeine.newBuilder().expireAfterWrite(recheckAfter).maximumSize(maximumKeys).ticker(ticker)
                .build(this::lookUp);
        this.lastKnown = Caffeine.newBuilder().expireAfterWrite(outageGrace).maximumSize(maximumKeys).ticker(ticker)
                .build();
    }

    @Override
    public Optional<StoredApiKey> find(String keyId) {
        return recent.get(keyId).key();
    }

    private Lookup lookUp(String keyId) {
        try {
            Optional<StoredApiKey> key = store.find(keyId);
            key.ifPresentOrElse(found -> lastKnown.put(keyId, found), () -> lastKnown.invalidate(keyId));
            return new Lookup(key);
        } catch (StoreUnavailableException e) {
            StoredApiKey known = lastKnown.getIfPresent(keyId);
            if (known == null) {
                throw e;
            }
            return new Lookup(Optional.of(known));
        }
    }

    @Override
    public void add(StoredApiKey key, AuditEvent event) {
        store.add(key, event);
        forget(key.keyId());
    }

    @Override
    public List<StoredApiKey> list(String tenant) {
        return store.list(tenant);
    }

    @Override
    public List<StoredApiKey> listAll() {
        return store.listAll();
    }

    @Override
    public Optional<StoredApiKey> revoke(String tenant, String keyId, Instant at, AuditEvent event) {
        try {
            return store.revoke(tenant, keyId, at, event);
        } finally {
            forget(keyId);
        }
    }

    @Override
    public Optional<StoredApiKey> rotate(String tenant, String keyId, StoredApiKey replacement, Instant retireAt,
            AuditEvent event) {
        try {
            return store.rotate(tenant, keyId, replacement, retireAt, event);
        } finally {
            forget(keyId);
            forget(replacement.keyId());
        }
    }

    @Override
    public void markUsed(String keyId, Instant at) {
        store.markUsed(keyId, at);
    }

    @Override
    public boolean isEmpty() {
        return store.isEmpty();
    }

    private void forget(String keyId) {
        recent.invalidate(keyId);
        lastKnown.invalidate(keyId);
    }

    private record Lookup(Optional<StoredApiKey> key) {
    }
}
