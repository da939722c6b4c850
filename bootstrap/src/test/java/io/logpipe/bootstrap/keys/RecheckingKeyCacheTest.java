package io.logpipe.bootstrap.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.ApiKeyStore;
import io.logpipe.domain.AuditAction;
import io.logpipe.domain.AuditEvent;
import io.logpipe.domain.AuditOutcome;
import io.logpipe.domain.Role;
import io.logpipe.domain.StoreUnavailableException;
import io.logpipe.domain.StoredApiKey;
import io.logpipe.domain.testing.InMemoryApiKeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecheckingKeyCacheTest {
    private static final Duration RECHECK = Duration.ofSeconds(2);
    private static final Duration GRACE = Duration.ofHours(1);
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    private final AtomicLong nanos = new AtomicLong();
    private final InMemoryApiKeyStore keys = new InMemoryApiKeyStore();
    private final AtomicInteger lookups = new AtomicInteger();
    private final RecheckingKeyCache cache = new RecheckingKeyCache(counting(keys), RECHECK, GRACE, 1000, nanos::get);

    @Test
    void seesAKeyRevokedByAnotherProcessOnceTheRecheckTimeHasPassed() {
        StoredApiKey key = add("00000000000000a1");
        assertThat(cache.find(key.keyId())).get().extracting(StoredApiKey::revokedAt).isNull();

        // Behind the cache's back, as another logpipe process revokes it.
        keys.revoke("acme", key.keyId(), T0, event(key.keyId()));
        advance(RECHECK.minusMillis(1));
        Optional<StoredApiKey> justBefore = cache.find(key.keyId());
        advance(Duration.ofMillis(1));
        Optional<StoredApiKey> after = cache.find(key.keyId());

        assertThat(justBefore).get().extracting(StoredApiKey::revokedAt).isNull();
        assertThat(after).get().extracting(StoredApiKey::revokedAt).isEqualTo(T0);
    }

    @Test
    void remembersAnUnknownIdForTheRecheckTimeWithoutAskingTheStoreAgain() {
        for (int i = 0; i < 100; i++) {
            assertThat(cache.find("0123456789abcdef")).isEmpty();
        }
        advance(RECHECK);
        cache.find("0123456789abcdef");

        assertThat(lookups).hasValue(2);
    }

    @Test
    void keepsAKnownKeysLastStateThroughAnOutageWithinTheGraceAndNotBeyond() {
        StoredApiKey key = add("00000000000000a1");
        cache.find(key.keyId());
        keys.setUnavailable(true);

        advance(Duration.ofMinutes(59));
        Optional<StoredApiKey> duringOutage = cache.find(key.keyId());
        advance(Duration.ofMinutes(2));

        assertThat(duringOutage).get().extracting(StoredApiKey::keyId).isEqualTo(key.keyId());
        assertThatThrownBy(() -> cache.find(key.keyId())).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> cache.find("0123456789abcdef")).isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void forgetsAKeyAtOnceWhenItIsRevokedThroughTheCache() {
        StoredApiKey key = add("00000000000000a1");
        cache.find(key.keyId());

        cache.revoke("acme", key.keyId(), T0, event(key.keyId()));

        assertThat(cache.find(key.keyId())).get().extracting(StoredApiKey::revokedAt).isEqualTo(T0);
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private StoredApiKey add(String keyId) {
        StoredApiKey key = new StoredApiKey(keyId, "acme", Set.of(Role.INGEST), "", new byte[32], 1, T0, null, null,
                null);
        keys.add(key, event(keyId));
        return key;
    }

    private static AuditEvent event(String keyId) {
        return new AuditEvent(T0, AuditEvent.CLI, "acme", AuditAction.KEY_CREATE, keyId, AuditOutcome.SUCCESS, null,
                "");
    }

    /** {@code store}, counting the lookups that reach it. */
    private ApiKeyStore counting(ApiKeyStore store) {
        return new ApiKeyStore() {
            @Override
            public void add(StoredApiKey key, AuditEvent event) {
                store.add(key, event);
            }

            @Override
            public Optional<StoredApiKey> find(String keyId) {
                lookups.incrementAndGet();
                return store.find(keyId);
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
                return store.revoke(tenant, keyId, at, event);
            }

            @Override
            public Optional<StoredApiKey> rotate(String tenant, String keyId, StoredApiKey replacement,
                    Instant retireAt, AuditEvent event) {
                return store.rotate(tenant, keyId, replacement, retireAt, event);
            }

            @Override
            public void markUsed(String keyId, Instant at) {
                store.markUsed(keyId, at);
            }

            @Override
            public boolean isEmpty() {
                return store.isEmpty();
            }
        };
    }
}
