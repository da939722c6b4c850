package io.logpipe.domain.testing;

import io.logpipe.domain.ApiKeyStore;
import io.logpipe.domain.StoreUnavailableException;
import io.logpipe.domain.StoredApiKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@link ApiKeyStore} in memory: one key per id, refusing a second with the same id as the port says. Can be made
 * to fail with {@link #setUnavailable}. Thread-safe.
 */
public final class InMemoryApiKeyStore implements ApiKeyStore {
    private final Map<String, StoredApiKey> keys = new LinkedHashMap<>();
    private boolean unavailable;

    @Override
    public synchronized void add(StoredApiKey key) {
        failIfDown();
        if (keys.putIfAbsent(key.keyId(), key) != null) {
            throw new IllegalStateException("key " + key.keyId() + " exists");
        }
    }

    @Override
    public synchronized Optional<StoredApiKey> find(String keyId) {
        failIfDown();
        return Optional.ofNullable(keys.get(keyId));
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
    }
}
