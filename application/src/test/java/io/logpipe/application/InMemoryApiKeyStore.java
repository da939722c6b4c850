package io.logpipe.application;

import io.logpipe.domain.ApiKeyStore;
import io.logpipe.domain.StoredApiKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An {@link ApiKeyStore} in memory. */
final class InMemoryApiKeyStore implements ApiKeyStore {
    private final Map<String, StoredApiKey> keys = new LinkedHashMap<>();

    @Override
    public synchronized void add(StoredApiKey key) {
        if (keys.putIfAbsent(key.keyId(), key) != null) {
            throw new IllegalStateException("key " + key.keyId() + " exists");
        }
    }

    @Override
    public synchronized Optional<StoredApiKey> find(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    @Override
    public synchronized boolean isEmpty() {
        return keys.isEmpty();
    }

    synchronized List<StoredApiKey> all() {
        return List.copyOf(keys.values());
    }
}
