package io.logpipe.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.logpipe.domain.AuditAction;
import io.logpipe.domain.Role;
import io.logpipe.domain.StoreUnavailableException;
import io.logpipe.domain.StoredApiKey;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

class PostgresApiKeyStoreIT {
    private static final Instant CREATED = Instant.parse("2031-05-01T08:00:00.123456Z");
    private static final Instant LATER = CREATED.plus(Duration.ofHours(1));

    private final Jdbi jdbi = TestDatabase.jdbi();
    private final PostgresApiKeyStore store = new PostgresApiKeyStore(jdbi);
    private final String tenant = TestDatabase.newTenant();

    @Test
    void findsAnAddedKeyWithEveryFieldAndRecordsItsCreation() {
        StoredApiKey key = new StoredApiKey(newId(), tenant, EnumSet.of(Role.INGEST, Role.QUERY), "shipper on web-1",
                hash(), 3, CREATED, CREATED.plus(Duration.ofDays(90)), null, null);

        store.add(key, Audits.event(tenant, AuditAction.KEY_CREATE, key.keyId(), CREATED));

        assertThat(store.find(key.keyId())).get().usingRecursiveComparison().isEqualTo(key);
        assertThat(Audits.actionsFor(jdbi, key.keyId())).containsExactly("key.create");
    }

    @Test
    void keepsAKeyWithoutRoles() {
        StoredApiKey key = add(Set.of(), CREATED);

        assertThat(store.find(key.keyId())).get().extracting(StoredApiKey::roles).isEqualTo(Set.of());
    }

    @Test
    void findsNothingForAnUnknownId() {
        assertThat(store.find("no-such-" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void rejectsASecondKeyWithTheSameIdAndKeepsTheFirstAndItsTrail() {
        StoredApiKey first = add(EnumSet.of(Role.QUERY), CREATED);
        StoredApiKey impostor = new StoredApiKey(first.keyId(), TestDatabase.newTenant(), EnumSet.allOf(Role.class),
                "", new byte[] {9}, 1, CREATED, null, null, null);

        assertThatThrownBy(() -> store.add(impostor, Audits.event(impostor.tenant(), AuditAction.KEY_CREATE,
                first.keyId(), CREATED)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(first.keyId());
        assertThat(store.find(first.keyId())).get().usingRecursiveComparison().isEqualTo(first);
        assertThat(Audits.actionsFor(jdbi, first.keyId())).containsExactly("key.create");
    }

    @Test
    void storesRolesAsLowerCaseNames() {
        StoredApiKey key = add(EnumSet.of(Role.ADMIN, Role.INGEST), CREATED);

        List<String> roles = jdbi.withHandle(handle -> handle
                .createQuery("SELECT unnest(roles) FROM api_keys WHERE key_id = :keyId")
                .bind("keyId", key.keyId())
                .mapTo(String.class)
                .list());
        assertThat(roles).containsExactlyInAnyOrder("admin", "ingest");
    }

    @Test
    void listsOnlyTheTenantsKeysNewestFirst() {
        StoredApiKey older = add(EnumSet.of(Role.INGEST), CREATED);
        StoredApiKey newer = add(EnumSet.of(Role.QUERY), LATER);
        StoredApiKey otherTenants = new StoredApiKey(newId(), TestDatabase.newTenant(), Set.of(Role.ADMIN), "",
                hash(), 1, LATER, null, null, null);
        store.add(otherTenants, Audits.event(otherTenants.tenant(), AuditAction.KEY_CREATE, otherTenants.keyId(),
                LATER));

        assertThat(store.list(tenant)).extracting(StoredApiKey::keyId).containsExactly(newer.keyId(), older.keyId());
    }

    @Test
    void listsEveryTenantsKeysByTenantAsJavaSortsNamesThenNewestFirstWhateverTheDatabasesLocale() {
        try (TestDatabase.IsolatedSchema schema = TestDatabase.isolatedSchema()) {
            boolean icu = schema.jdbi().withHandle(handle -> handle
                    .createQuery("SELECT EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'en-US-x-icu')")
                    .mapTo(Boolean.class).one());
            assumeTrue(icu, "this PostgreSQL has no ICU collations");
            // As in a database created with an English locale, which sorts '_' before '-'; Java sorts '-' first.
            schema.jdbi().useHandle(handle -> handle.execute("""
                    ALTER TABLE api_keys ALTER COLUMN tenant TYPE text COLLATE "en-US-x-icu",
                                         ALTER COLUMN key_id TYPE text COLLATE "en-US-x-icu"
                    """));
            PostgresApiKeyStore keys = new PostgresApiKeyStore(schema.jdbi());
            StoredApiKey underscored = addTo(keys, "acme_eu", CREATED);
            StoredApiKey olderHyphenated = addTo(keys, "acme-eu", CREATED);
            StoredApiKey newerHyphenated = addTo(keys, "acme-eu", LATER);

            assertThat(keys.listAll()).extracting(StoredApiKey::keyId)
                    .containsExactly(newerHyphenated.keyId(), olderHyphenated.keyId(), underscored.keyId());
        }
    }

    @Test
    void revokesOnceFindsTheRevokedKeyAndRecordsOneEvent() {
        StoredApiKey key = add(EnumSet.of(Role.INGEST), CREATED);

        StoredApiKey revoked = store.revoke(tenant, key.keyId(), LATER,
                Audits.event(tenant, AuditAction.KEY_REVOKE, key.keyId(), LATER)).orElseThrow();
        StoredApiKey again = store.revoke(tenant, key.keyId(), LATER.plusSeconds(60),
                Audits.event(tenant, AuditAction.KEY_REVOKE, key.keyId(), LATER.plusSeconds(60))).orElseThrow();

        assertThat(revoked.revokedAt()).isEqualTo(LATER);
        assertThat(again.revokedAt()).isEqualTo(LATER);
        assertThat(store.find(key.keyId())).get().extracting(StoredApiKey::revokedAt).isEqualTo(LATER);
        assertThat(Audits.actionsFor(jdbi, key.keyId())).containsExactly("key.create", "key.revoke");
        assertThat(store.isEmpty()).isFalse();
    }

    @Test
    void revokesNoKeyOfAnotherTenant() {
        StoredApiKey key = add(EnumSet.of(Role.INGEST), CREATED);
        String other = TestDatabase.newTenant();

        assertThat(store.revoke(other, key.keyId(), LATER,
                Audits.event(other, AuditAction.KEY_REVOKE, key.keyId(), LATER))).isEmpty();
        assertThat(store.find(key.keyId())).get().extracting(StoredApiKey::revokedAt).isNull();
        assertThat(Audits.actionsFor(jdbi, key.keyId())).containsExactly("key.create");
    }

    @Test
    void rotatingWithoutGraceSavesTheReplacementAndRevokesTheOldKeyAtOnce() {
        StoredApiKey old = add(EnumSet.of(Role.INGEST), CREATED);
        StoredApiKey replacement = replacementOf(old);

        StoredApiKey retired = store.rotate(tenant, old.keyId(), replacement, LATER,
                Audits.event(tenant, AuditAction.KEY_ROTATE, old.keyId(), LATER)).orElseThrow();

        assertThat(retired.revokedAt()).isEqualTo(LATER);
        assertThat(store.find(replacement.keyId())).get().usingRecursiveComparison().isEqualTo(replacement);
        assertThat(Audits.actionsFor(jdbi, old.keyId())).containsExactly("key.create", "key.rotate");
    }

    @Test
    void rotatingWithGraceLetsTheOldKeyExpireAtTheEndOfItButNeverLaterThanItWouldHave() {
        StoredApiKey old = add(EnumSet.of(Role.INGEST), CREATED);
        StoredApiKey soon = new StoredApiKey(newId(), tenant, Set.of(Role.INGEST), "", hash(), 1, CREATED,
                LATER.plusSeconds(30), null, null);
        store.add(soon, Audits.event(tenant, AuditAction.KEY_CREATE, soon.keyId(), CREATED));

        StoredApiKey graced = store.rotate(tenant, old.keyId(), replacementOf(old), LATER.plusSeconds(600),
                Audits.event(tenant, AuditAction.KEY_ROTATE, old.keyId(), LATER)).orElseThrow();
        StoredApiKey capped = store.rotate(tenant, soon.keyId(), replacementOf(soon), LATER.plusSeconds(600),
                Audits.event(tenant, AuditAction.KEY_ROTATE, soon.keyId(), LATER)).orElseThrow();

        assertThat(graced.expiresAt()).isEqualTo(LATER.plusSeconds(600));
        assertThat(graced.revokedAt()).isNull();
        assertThat(capped.expiresAt()).isEqualTo(LATER.plusSeconds(30));
    }

    @Test
    void rotatesNeitherARevokedNorAnExpiredNorAnotherTenantsKeyAndSavesNothing() {
        StoredApiKey revoked = add(EnumSet.of(Role.INGEST), CREATED);
        store.revoke(tenant, revoked.keyId(), CREATED, Audits.event(tenant, AuditAction.KEY_REVOKE,
                revoked.keyId(), CREATED));
        StoredApiKey expired = new StoredApiKey(newId(), tenant, Set.of(Role.INGEST), "", hash(), 1, CREATED,
                CREATED.plusSeconds(1), null, null);
        store.add(expired, Audits.event(tenant, AuditAction.KEY_CREATE, expired.keyId(), CREATED));
        String other = TestDatabase.newTenant();
        StoredApiKey fresh = add(EnumSet.of(Role.INGEST), CREATED);

        for (StoredApiKey key : List.of(revoked, expired)) {
            StoredApiKey replacement = replacementOf(key);
            assertThat(store.rotate(tenant, key.keyId(), replacement, LATER,
                    Audits.event(tenant, AuditAction.KEY_ROTATE, key.keyId(), LATER))).isEmpty();
            assertThat(store.find(replacement.keyId())).isEmpty();
        }
        StoredApiKey stolen = replacementOf(fresh);
        assertThat(store.rotate(other, fresh.keyId(), stolen, LATER,
                Audits.event(other, AuditAction.KEY_ROTATE, fresh.keyId(), LATER))).isEmpty();
        assertThat(store.find(stolen.keyId())).isEmpty();
        assertThat(store.find(fresh.keyId())).get().usingRecursiveComparison().isEqualTo(fresh);
        for (StoredApiKey key : List.of(revoked, expired, fresh)) {
            assertThat(Audits.actionsFor(jdbi, key.keyId())).doesNotContain("key.rotate");
        }
    }

    @Test
    void rotatesNothingWhenTheReplacementsIdIsTaken() {
        StoredApiKey old = add(EnumSet.of(Role.INGEST), CREATED);
        StoredApiKey taken = add(EnumSet.of(Role.QUERY), CREATED);
        StoredApiKey clash = new StoredApiKey(taken.keyId(), tenant, old.roles(), "", hash(), 1, LATER, null, null,
                null);

        assertThatThrownBy(() -> store.rotate(tenant, old.keyId(), clash, LATER,
                Audits.event(tenant, AuditAction.KEY_ROTATE, old.keyId(), LATER)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(taken.keyId());
        assertThat(store.find(old.keyId())).get().usingRecursiveComparison().isEqualTo(old);
        assertThat(store.find(taken.keyId())).get().usingRecursiveComparison().isEqualTo(taken);
        assertThat(Audits.actionsFor(jdbi, old.keyId())).containsExactly("key.create");
    }

    @Test
    void notesTheLastUseAndNeverMovesItBack() {
        StoredApiKey key = add(EnumSet.of(Role.INGEST), CREATED);

        store.markUsed(key.keyId(), LATER);
        store.markUsed(key.keyId(), CREATED);
        store.markUsed("no-such-key", LATER);

        assertThat(store.find(key.keyId())).get().extracting(StoredApiKey::lastUsedAt).isEqualTo(LATER);
        assertThat(Audits.actionsFor(jdbi, key.keyId())).containsExactly("key.create");
    }

    @Test
    void changesNoKeyWhenItsAuditEventCannotBeWritten() {
        try (TestDatabase.IsolatedSchema schema = TestDatabase.isolatedSchema()) {
            PostgresApiKeyStore broken = new PostgresApiKeyStore(schema.jdbi());
            StoredApiKey kept = new StoredApiKey(newId(), tenant, Set.of(Role.INGEST), "", hash(), 1, CREATED, null,
                    null, null);
            broken.add(kept, Audits.event(tenant, AuditAction.KEY_CREATE, kept.keyId(), CREATED));
            Audits.breakAuditInserts(schema.jdbi());
            StoredApiKey refused = replacementOf(kept);

            assertThatThrownBy(() -> broken.add(refused,
                    Audits.event(tenant, AuditAction.KEY_CREATE, refused.keyId(), LATER)))
                    .hasMessageContaining("audit refused by the test");
            assertThatThrownBy(() -> broken.revoke(tenant, kept.keyId(), LATER,
                    Audits.event(tenant, AuditAction.KEY_REVOKE, kept.keyId(), LATER)))
                    .hasMessageContaining("audit refused by the test");
            assertThatThrownBy(() -> broken.rotate(tenant, kept.keyId(), refused, LATER,
                    Audits.event(tenant, AuditAction.KEY_ROTATE, kept.keyId(), LATER)))
                    .hasMessageContaining("audit refused by the test");

            assertThat(broken.find(refused.keyId())).isEmpty();
            assertThat(broken.find(kept.keyId())).get().usingRecursiveComparison().isEqualTo(kept);
            assertThat(Audits.actionsFor(schema.jdbi(), kept.keyId())).containsExactly("key.create");
        }
    }

    @Test
    void isEmptyUntilTheFirstKeyIsAdded() {
        try (TestDatabase.IsolatedSchema schema = TestDatabase.isolatedSchema()) {
            PostgresApiKeyStore fresh = new PostgresApiKeyStore(schema.jdbi());
            assertThat(fresh.isEmpty()).isTrue();

            StoredApiKey key = new StoredApiKey(newId(), tenant, Set.of(Role.ADMIN), "", hash(), 1, CREATED, null,
                    null, null);
            fresh.add(key, Audits.event(tenant, AuditAction.KEY_CREATE, key.keyId(), CREATED));

            assertThat(fresh.isEmpty()).isFalse();
        }
    }

    @Test
    void reportsAnUnreachableDatabaseAsUnavailable() {
        PostgresApiKeyStore unreachable = new PostgresApiKeyStore(TestDatabase.unreachable());
        StoredApiKey key = new StoredApiKey(newId(), tenant, Set.of(Role.ADMIN), "", hash(), 1, CREATED, null, null,
                null);

        assertThatThrownBy(() -> unreachable.add(key, Audits.event(tenant, AuditAction.KEY_CREATE, key.keyId(),
                CREATED))).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> unreachable.find("any")).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> unreachable.list(tenant)).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(unreachable::isEmpty).isInstanceOf(StoreUnavailableException.class);
    }

    private StoredApiKey add(Set<Role> roles, Instant createdAt) {
        StoredApiKey key = new StoredApiKey(newId(), tenant, roles, "", hash(), 1, createdAt, null, null, null);
        store.add(key, Audits.event(tenant, AuditAction.KEY_CREATE, key.keyId(), createdAt));
        return key;
    }

    private static StoredApiKey addTo(PostgresApiKeyStore keys, String owner, Instant createdAt) {
        StoredApiKey key = new StoredApiKey(newId(), owner, Set.of(Role.QUERY), "", hash(), 1, createdAt, null, null,
                null);
        keys.add(key, Audits.event(owner, AuditAction.KEY_CREATE, key.keyId(), createdAt));
        return key;
    }

    private StoredApiKey replacementOf(StoredApiKey key) {
        return new StoredApiKey(newId(), key.tenant(), key.roles(), key.description(), hash(), 1, LATER,
                key.expiresAt(), null, null);
    }

    private static String newId() {
        return "k-" + UUID.randomUUID();
    }

    private static byte[] hash() {
        byte[] hash = new byte[32];
        for (int i = 0; i < hash.length; i++) {
            hash[i] = (byte) (i * 7 - 100);
        }
        return hash;
    }
}
