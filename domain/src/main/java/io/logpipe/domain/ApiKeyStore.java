package io.logpipe.domain;

import java.util.Optional;

/**
 * Keeps API key records. Only a keyed hash of each secret is stored, never the secret itself.
 * Implementations are safe for concurrent use.
 */
public interface ApiKeyStore {

    /**
     * Saves a new key.
     *
     * @throws IllegalStateException if a key with the same id exists
     * @throws StoreUnavailableException if the store cannot commit
     */
    void add(StoredApiKey key);

    /**
     * Looks a key up by its public id.
     *
     * @throws StoreUnavailableException if the store cannot be read
     */
    Optional<StoredApiKey> find(String keyId);

    /**
     * True when no key exists at all, for any tenant.
     *
     * @throws StoreUnavailableException if the store cannot be read
     */
    boolean isEmpty();
}
