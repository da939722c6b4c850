package io.logpipe.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.Principal;
import io.logpipe.domain.Role;
import io.logpipe.domain.StoredApiKey;
import io.logpipe.domain.testing.InMemoryApiKeyStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CreateApiKeyTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");
    private static final SecretHasher HASHER = new SecretHasher("pepper-for-tests-only");

    private final InMemoryApiKeyStore keys = new InMemoryApiKeyStore();
    private final CreateApiKey createApiKey = new CreateApiKey(keys, HASHER, Clock.fixed(NOW, ZoneOffset.UTC));
    private final HmacKeyVerifier verifier = new HmacKeyVerifier(keys, HASHER);

    @Test
    void makesAKeyThatVerifiesToItsTenantAndRoles() {
        IssuedApiKey issued = createApiKey.create("acme", Set.of(Role.INGEST, Role.QUERY));

        Optional<Principal> caller = verifier.verify(issued.key());

        assertThat(caller).hasValueSatisfying(principal -> {
            assertThat(principal.keyId()).isEqualTo(issued.keyId());
            assertThat(principal.tenant()).isEqualTo("acme");
            assertThat(principal.roles()).containsExactlyInAnyOrder(Role.INGEST, Role.QUERY);
        });
    }

    @Test
    void makesKeysOfTheDocumentedShape() {
        IssuedApiKey issued = createApiKey.create("acme", Set.of(Role.INGEST));

        assertThat(issued.keyId()).matches("[0-9a-f]{16}");
        assertThat(issued.key()).matches("lp_" + issued.keyId() + "_[A-Za-z0-9_-]{43}");
    }

    @Test
    void storesAPepperedHashAndNeverTheSecret() {
        IssuedApiKey issued = createApiKey.create("acme", Set.of(Role.INGEST));
        String secret = issued.key().substring(("lp_" + issued.keyId() + "_").length());

        StoredApiKey stored = keys.find(issued.keyId()).orElseThrow();

        assertThat(stored.secretHash())
                .isNotEqualTo(secret.getBytes(StandardCharsets.UTF_8))
                .isEqualTo(HASHER.hash(secret));
        assertThat(new String(stored.secretHash(), StandardCharsets.ISO_8859_1)).doesNotContain(secret);
        assertThat(HexFormat.of().formatHex(stored.secretHash())).doesNotContain(secret);
        assertThat(stored.toString()).doesNotContain(secret);
        assertThat(stored.createdAt()).isEqualTo(NOW);
    }

    @Test
    void doesNotShowTheSecretWhenPrinted() {
        IssuedApiKey issued = createApiKey.create("acme", Set.of(Role.INGEST));

        assertThat(issued.toString()).contains(issued.keyId()).doesNotContain(issued.key());
    }

    @Test
    void makesADifferentKeyEachTime() {
        IssuedApiKey first = createApiKey.create("acme", Set.of(Role.INGEST));
        IssuedApiKey second = createApiKey.create("acme", Set.of(Role.INGEST));

        assertThat(second.keyId()).isNotEqualTo(first.keyId());
        assertThat(second.key().substring(20)).isNotEqualTo(first.key().substring(20));
        assertThat(keys.all()).hasSize(2);
    }

    @Test
    void rejectsAnInvalidTenantAndStoresNothing() {
        assertThatThrownBy(() -> createApiKey.create("Acme Corp", Set.of(Role.INGEST)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(keys.isEmpty()).isTrue();
    }

    @Test
    void rejectsAKeyWithoutRolesAndStoresNothing() {
        assertThatThrownBy(() -> createApiKey.create("acme", Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("role");
        assertThat(keys.isEmpty()).isTrue();
    }

    @Test
    void makesAFirstKeyForTheDefaultTenantWithEveryRoleWhenThereAreNoKeys() {
        Optional<IssuedApiKey> first = createApiKey.createFirstKeyIfNone();

        assertThat(first).hasValueSatisfying(issued -> {
            assertThat(issued.tenant()).isEqualTo("default");
            assertThat(issued.roles()).isEqualTo(EnumSet.allOf(Role.class));
            assertThat(verifier.verify(issued.key())).hasValueSatisfying(principal -> {
                assertThat(principal.tenant()).isEqualTo("default");
                assertThat(principal.roles()).isEqualTo(EnumSet.allOf(Role.class));
            });
        });
        assertThat(keys.all()).hasSize(1);
    }

    @Test
    void makesNoFirstKeyOnASecondStart() {
        createApiKey.createFirstKeyIfNone();

        Optional<IssuedApiKey> again = createApiKey.createFirstKeyIfNone();

        assertThat(again).isEmpty();
        assertThat(keys.all()).hasSize(1);
    }

    @Test
    void makesNoFirstKeyWhenAnyTenantHasAKey() {
        createApiKey.create("acme", Set.of(Role.QUERY));

        Optional<IssuedApiKey> first = createApiKey.createFirstKeyIfNone();

        assertThat(first).isEmpty();
        assertThat(keys.all()).extracting(StoredApiKey::tenant).containsExactly("acme");
    }
}
