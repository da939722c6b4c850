package io.logpipe.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keeps API key records. Only a keyed hash of each secret is stored, never the secret itself.
 *
 * <p><b>Audit.</b> Every change takes the {@link AuditEvent} that describes it; the change and its audit event
 * commit together or not at all, so no key changes without a trace and no trace tells of a change that did not
 * happen.
 *
 * <p><b>Consistency.</b> A committed change is seen by every later {@link #find} in this process and others sharing
 * the store. Implementations are safe for concurrent use.
 */
public interface ApiKeyStore {

    /**
     * Saves a new key and its audit event.
     *
     * @throws IllegalStateException if a key with the same id exists; nothing was saved
     * @throws StoreUnavailableException if the store cannot commit; nothing was saved
     */
    void add(StoredApiKey key, AuditEvent event);

    /**
     * Looks a key up by its public id, whatever its state: revoked and expired keys are found too.
     *
     * @throws StoreUnavailableException if the store cannot be read
     */
    Optional<StoredApiKey> find(String keyId);

    /**
     * @return the tenant's keys, revoked and expired ones included, newest first
     * @throws StoreUnavailableException if the store cannot be read
     */
    List<StoredApiKey> list(String tenant);

    /**
     * @return every tenant's keys, ordered by tenant and then newest first
     * @throws StoreUnavailableException if the store cannot be read
     */
    List<StoredApiKey> listAll();

    /**
     * Revokes one of the tenant's keys at {@code at}. Revoking a key already revoked changes nothing and records no
     * event.
     *
     * @return the key as it now stands; empty if the tenant has no key with that id
     * @throws StoreUnavailableException if the store cannot commit; nothing changed
     */
    Optional<StoredApiKey> revoke(String tenant, String keyId, Instant at, AuditEvent event);

    /**
     * Replaces one of the tenant's active keys: saves {@code replacement} and makes the old key stop working at
     * {@code retireAt} (at once when that is not in the future; never later than it would have expired anyway), with
     * the audit event, in one transaction.
     *
     * @return the old key as it now stands; empty, with nothing saved, if the tenant has no such key or it is no
     *     longer active at {@code event.at()}
     * @throws IllegalStateException if a key with the replacement's id exists; nothing changed
     * @throws StoreUnavailableException if the store cannot commit; nothing changed
     */
    Optional<StoredApiKey> rotate(String tenant, String keyId, StoredApiKey replacement, Instant retireAt,
            AuditEvent event);

    /**
     * Notes that a key authenticated a request at {@code at}. Not audited; callers should call it at most about once a
     * minute per key. An unknown id is ignored.
     *
     * @throws StoreUnavailableException if the store cannot commit
     */
    void markUsed(String keyId, Instant at);

    /**
     * True when no key exists at all, for any tenant, revoked ones included.
     *
     * @throws StoreUnavailableException if the store cannot be read
     */
    boolean isEmpty();
}
