package io.logpipe.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.Role;
import io.logpipe.domain.StoreUnavailableException;
import io.logpipe.domain.StoredApiKey;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PostgresApiKeyStoreIT {
    private final PostgresApiKeyStore store = new PostgresApiKeyStore(TestDatabase.jdbi());

    @Test
    void findsAnAddedKeyWithItsTenantRolesHashAndCreationTime() {
        StoredApiKey key = key(EnumSet.of(Role.INGEST, Role.QUERY));

        store.add(key);

        assertThat(store.find(key.keyId())).get().usingRecursiveComparison().isEqualTo(key);
    }

    @Test
    void keepsAKeyWithoutRoles() {
        StoredApiKey key = key(Set.of());

        store.add(key);

        assertThat(store.find(key.keyId())).get().extracting(StoredApiKey::roles).isEqualTo(Set.of());
    }

    @Test
    void findsNothingForAnUnknownId() {
        assertThat(store.find("no-such-" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void rejectsASecondKeyWithTheSameIdAndKeepsTheFirst() {
        StoredApiKey first = key(EnumSet.of(Role.QUERY));
        StoredApiKey impostor = new StoredApiKey(first.keyId(), TestDatabase.newTenant(), EnumSet.allOf(Role.class),
                new byte[] {9}, first.createdAt());
        store.add(first);

        assertThatThrownBy(() -> store.add(impostor))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(first.keyId());
        assertThat(store.find(first.keyId())).get().usingRecursiveComparison().isEqualTo(first);
    }

    @Test
    void storesRolesAsLowerCaseNames() {
        StoredApiKey key = key(EnumSet.of(Role.ADMIN, Role.INGEST));
        store.add(key);

        List<String> roles = TestDatabase.jdbi().withHandle(handle -> handle
                .createQuery("SELECT unnest(roles) FROM api_keys WHERE key_id = :keyId")
                .bind("keyId", key.keyId())
                .mapTo(String.class)
                .list());
        assertThat(roles).containsExactlyInAnyOrder("admin", "ingest");
    }

    @Test
    void doesNotFindARevokedKey() {
        StoredApiKey key = key(EnumSet.of(Role.INGEST));
        store.add(key);

        TestDatabase.jdbi().useHandle(handle -> handle
                .createUpdate("UPDATE api_keys SET revoked_at = now() WHERE key_id = :keyId")
                .bind("keyId", key.keyId())
                .execute());

        assertThat(store.find(key.keyId())).isEmpty();
    }

    @Test
    void isEmptyUntilTheFirstKeyIsAdded() {
        try (TestDatabase.IsolatedSchema schema = TestDatabase.isolatedSchema()) {
            PostgresApiKeyStore fresh = new PostgresApiKeyStore(schema.jdbi());
            assertThat(fresh.isEmpty()).isTrue();

            fresh.add(key(EnumSet.of(Role.ADMIN)));

            assertThat(fresh.isEmpty()).isFalse();
        }
    }

    @Test
    void reportsAnUnreachableDatabaseAsUnavailable() {
        PostgresApiKeyStore unreachable = new PostgresApiKeyStore(TestDatabase.unreachable());

        assertThatThrownBy(() -> unreachable.add(key(EnumSet.of(Role.ADMIN))))
                .isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> unreachable.find("any")).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(unreachable::isEmpty).isInstanceOf(StoreUnavailableException.class);
    }

    private static StoredApiKey key(Set<Role> roles) {
        byte[] hash = new byte[32];
        for (int i = 0; i < hash.length; i++) {
            hash[i] = (byte) (i * 7 - 100);
        }
        return new StoredApiKey("k-" + UUID.randomUUID(), TestDatabase.newTenant(), roles, hash,
                Instant.parse("2031-05-01T08:00:00.123456Z"));
    }
}
