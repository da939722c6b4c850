package io.logpipe.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.AccessDeniedException;
import io.logpipe.domain.AuditAction;
import io.logpipe.domain.AuditEvent;
import io.logpipe.domain.InvalidRequestException;
import io.logpipe.domain.KeyVerdict;
import io.logpipe.domain.KeyVerdict.Accepted;
import io.logpipe.domain.Principal;
import io.logpipe.domain.Role;
import io.logpipe.domain.StoreUnavailableException;
import io.logpipe.domain.StoredApiKey;
import io.logpipe.domain.testing.InMemoryApiKeyStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ManageApiKeysTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");
    private static final Peppers PEPPERS = Peppers.single("pepper-for-tests-only");
    private static final Principal ACME_ADMIN = new Principal("00000000000000a1", "acme", Set.of(Role.ADMIN));
    private static final Principal GLOBEX_ADMIN = new Principal("00000000000000b1", "globex", Set.of(Role.ADMIN));
    private static final Principal ACME_SHIPPER = new Principal("00000000000000a2", "acme", Set.of(Role.INGEST));
    private static final String ADDRESS = "192.0.2.7";

    private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final InMemoryApiKeyStore keys = new InMemoryApiKeyStore();
    private final ManageApiKeys manage = new ManageApiKeys(keys, PEPPERS, clock);
    private final HmacKeyVerifier verifier = new HmacKeyVerifier(keys, PEPPERS, clock);

    @Test
    void makesAKeyThatVerifiesToItsTenantAndRoles() {
        IssuedApiKey issued = manage.create("acme", NewApiKey.withRoles(Set.of(Role.INGEST, Role.QUERY)));

        assertThat(verifier.verify(issued.key())).isInstanceOfSatisfying(Accepted.class, accepted -> {
            assertThat(accepted.principal().keyId()).isEqualTo(issued.keyId());
            assertThat(accepted.principal().tenant()).isEqualTo("acme");
            assertThat(accepted.principal().roles()).containsExactlyInAnyOrder(Role.INGEST, Role.QUERY);
        });
    }

    @Test
    void makesKeysOfTheDocumentedShape() {
        IssuedApiKey issued = manage.create("acme", NewApiKey.withRoles(Set.of(Role.INGEST)));

        assertThat(issued.keyId()).matches("[0-9a-f]{16}");
        assertThat(issued.key()).matches("lp_" + issued.keyId() + "_[A-Za-z0-9_-]{43}");
    }

    @Test
    void storesAPepperedHashUnderTheCurrentPepperVersionAndNeverTheSecret() {
        Peppers rotated = new Peppers(2, java.util.Map.of(1, "pepper-for-tests-only", 2, "the-newer-test-pepper"));
        IssuedApiKey issued = new ManageApiKeys(keys, rotated, clock)
                .create("acme", NewApiKey.withRoles(Set.of(Role.INGEST)));
        String secret = issued.key().substring(("lp_" + issued.keyId() + "_").length());

        StoredApiKey stored = keys.find(issued.keyId()).orElseThrow();

        assertThat(stored.pepperVersion()).isEqualTo(2);
        assertThat(stored.secretHash()).isEqualTo(rotated.hash(2, secret));
        assertThat(new String(stored.secretHash(), StandardCharsets.ISO_8859_1)).doesNotContain(secret);
        assertThat(HexFormat.of().formatHex(stored.secretHash())).doesNotContain(secret);
        assertThat(stored.toString()).doesNotContain(secret);
        assertThat(stored.createdAt()).isEqualTo(NOW);
        assertThat(issued.toString()).contains(issued.keyId()).doesNotContain(issued.key());
    }

    @Test
    void makesADifferentKeyEachTime() {
        IssuedApiKey first = manage.create("acme", NewApiKey.withRoles(Set.of(Role.INGEST)));
        IssuedApiKey second = manage.create("acme", NewApiKey.withRoles(Set.of(Role.INGEST)));

        assertThat(second.keyId()).isNotEqualTo(first.keyId());
        assertThat(second.key().substring(20)).isNotEqualTo(first.key().substring(20));
        assertThat(keys.all()).hasSize(2);
    }

    @Test
    void rejectsAnInvalidTenantNoRolesABadDescriptionAndAPastExpiryAllAtOnceAndStoresNothing() {
        NewApiKey bad = new NewApiKey(Set.of(), "line\nbreak", NOW.minusSeconds(1));

        assertThatThrownBy(() -> manage.create("Acme Corp", bad))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .anyMatch(error -> error.startsWith("tenant"))
                        .anyMatch(error -> error.startsWith("roles"))
                        .anyMatch(error -> error.startsWith("description"))
                        .anyMatch(error -> error.startsWith("expires_at")));
        assertThat(keys.isEmpty()).isTrue();
        assertThat(keys.audit().all()).isEmpty();
    }

    @Test
    void auditsEachCreationWithTheActorAndAddress() {
        IssuedApiKey issued = manage.create(ACME_ADMIN, ADDRESS, NewApiKey.withRoles(Set.of(Role.QUERY)));

        assertThat(keys.audit().all()).singleElement().satisfies(event -> {
            assertThat(event.action()).isEqualTo(AuditAction.KEY_CREATE);
            assertThat(event.actor()).isEqualTo(ACME_ADMIN.keyId());
            assertThat(event.tenant()).isEqualTo("acme");
            assertThat(event.target()).isEqualTo(issued.keyId());
            assertThat(event.remoteAddress()).isEqualTo(ADDRESS);
            assertThat(event.detail()).contains("query").doesNotContain(issued.key());
        });
        manage.create("acme", NewApiKey.withRoles(Set.of(Role.QUERY)));
        assertThat(keys.audit().all()).last().extracting(AuditEvent::actor).isEqualTo(AuditEvent.CLI);
    }

    @Test
    void aKeyWithoutTheAdminRoleManagesNoKeys() {
        NewApiKey spec = NewApiKey.withRoles(Set.of(Role.INGEST));

        assertThatThrownBy(() -> manage.create(ACME_SHIPPER, ADDRESS, spec)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> manage.list(ACME_SHIPPER)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> manage.revoke(ACME_SHIPPER, ADDRESS, ACME_SHIPPER.keyId()))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(keys.isEmpty()).isTrue();
    }

    @Test
    void anAdminSeesAndRevokesOnlyItsOwnTenantsKeys() {
        IssuedApiKey acme = manage.create(ACME_ADMIN, ADDRESS, NewApiKey.withRoles(Set.of(Role.INGEST)));
        IssuedApiKey globex = manage.create(GLOBEX_ADMIN, ADDRESS, NewApiKey.withRoles(Set.of(Role.INGEST)));

        assertThat(manage.list(ACME_ADMIN)).extracting(StoredApiKey::keyId).containsExactly(acme.keyId());
        assertThat(manage.revoke(ACME_ADMIN, ADDRESS, globex.keyId())).isEmpty();
        assertThat(verifier.verify(globex.key())).isInstanceOf(Accepted.class);
    }

    @Test
    void aRevokedKeyIsRefusedAndRevokingItAgainChangesNothing() {
        IssuedApiKey issued = manage.create(ACME_ADMIN, ADDRESS, NewApiKey.withRoles(Set.of(Role.INGEST)));

        Optional<StoredApiKey> revoked = manage.revoke(ACME_ADMIN, ADDRESS, issued.keyId());
        now.set(NOW.plusSeconds(5));
        Optional<StoredApiKey> again = manage.revoke(ACME_ADMIN, ADDRESS, issued.keyId());

        assertThat(revoked).hasValueSatisfying(key -> assertThat(key.revokedAt()).isEqualTo(NOW));
        assertThat(again).hasValueSatisfying(key -> assertThat(key.revokedAt()).isEqualTo(NOW));
        assertThat(verifier.verify(issued.key())).isEqualTo(
                new KeyVerdict.Refused(KeyVerdict.Reason.REVOKED, issued.keyId(), "acme"));
        assertThat(keys.audit().all()).extracting(AuditEvent::action)
                .containsExactly(AuditAction.KEY_CREATE, AuditAction.KEY_REVOKE);
    }

    @Test
    void aKeyStopsWorkingWhenItExpires() {
        IssuedApiKey issued = manage.create("acme",
                new NewApiKey(Set.of(Role.INGEST), "nightly job", NOW.plus(Duration.ofHours(1))));

        assertThat(verifier.verify(issued.key())).isInstanceOf(Accepted.class);
        now.set(NOW.plus(Duration.ofHours(1)));
        assertThat(verifier.verify(issued.key())).isEqualTo(
                new KeyVerdict.Refused(KeyVerdict.Reason.EXPIRED, issued.keyId(), "acme"));
    }

    @Test
    void rotatingWithoutGraceGivesANewKeyWithTheSameGrantsAndRevokesTheOldAtOnce() {
        IssuedApiKey old = manage.create(ACME_ADMIN, ADDRESS,
                new NewApiKey(Set.of(Role.INGEST, Role.QUERY), "shipper on web-1", null));

        RotatedApiKey rotated = manage.rotate(ACME_ADMIN, ADDRESS, old.keyId(), Duration.ZERO).orElseThrow();

        assertThat(rotated.replacement().keyId()).isNotEqualTo(old.keyId());
        assertThat(rotated.replacement().stored().roles()).isEqualTo(old.roles());
        assertThat(rotated.replacement().stored().description()).isEqualTo("shipper on web-1");
        assertThat(verifier.verify(rotated.replacement().key())).isInstanceOf(Accepted.class);
        assertThat(verifier.verify(old.key())).isInstanceOf(KeyVerdict.Refused.class);
        assertThat(keys.audit().all()).last().satisfies(event -> {
            assertThat(event.action()).isEqualTo(AuditAction.KEY_ROTATE);
            assertThat(event.target()).isEqualTo(old.keyId());
            assertThat(event.detail()).contains(rotated.replacement().keyId());
        });
    }

    @Test
    void rotatingWithGraceKeepsTheOldKeyWorkingUntilTheGraceEnds() {
        IssuedApiKey old = manage.create(ACME_ADMIN, ADDRESS, NewApiKey.withRoles(Set.of(Role.INGEST)));

        RotatedApiKey rotated = manage.rotate(ACME_ADMIN, ADDRESS, old.keyId(), Duration.ofMinutes(10))
                .orElseThrow();

        assertThat(rotated.retired().expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        now.set(NOW.plus(Duration.ofMinutes(9)));
        assertThat(verifier.verify(old.key())).isInstanceOf(Accepted.class);
        now.set(NOW.plus(Duration.ofMinutes(10)));
        assertThat(verifier.verify(old.key())).isInstanceOf(KeyVerdict.Refused.class);
        assertThat(verifier.verify(rotated.replacement().key())).isInstanceOf(Accepted.class);
    }

    @Test
    void rotatesNeitherAnotherTenantsKeyNorARevokedOneNorWithTooLongAGrace() {
        IssuedApiKey globex = manage.create(GLOBEX_ADMIN, ADDRESS, NewApiKey.withRoles(Set.of(Role.INGEST)));
        IssuedApiKey acme = manage.create(ACME_ADMIN, ADDRESS, NewApiKey.withRoles(Set.of(Role.INGEST)));
        manage.revoke(ACME_ADMIN, ADDRESS, acme.keyId());

        assertThat(manage.rotate(ACME_ADMIN, ADDRESS, globex.keyId(), Duration.ZERO)).isEmpty();
        assertThat(manage.rotate(ACME_ADMIN, ADDRESS, acme.keyId(), Duration.ZERO)).isEmpty();
        assertThatThrownBy(() -> manage.rotate(ACME_ADMIN, ADDRESS, globex.keyId(),
                ManageApiKeys.MAX_GRACE.plusSeconds(1))).isInstanceOf(InvalidRequestException.class);
        assertThat(keys.all()).hasSize(2);
    }

    @Test
    void theCommandLineRevokesAndRotatesByKeyIdAlone() {
        IssuedApiKey first = manage.create("acme", NewApiKey.withRoles(Set.of(Role.INGEST)));
        IssuedApiKey second = manage.create("globex", NewApiKey.withRoles(Set.of(Role.QUERY)));

        assertThat(manage.rotate(second.keyId(), Duration.ZERO)).hasValueSatisfying(rotated ->
                assertThat(rotated.replacement().tenant()).isEqualTo("globex"));
        assertThat(manage.revoke(first.keyId())).hasValueSatisfying(key -> assertThat(key.revokedAt()).isNotNull());
        assertThat(manage.revoke("0123456789abcdef")).isEmpty();
        assertThat(manage.list(Optional.empty())).extracting(StoredApiKey::tenant)
                .containsExactly("acme", "globex", "globex");
        assertThat(manage.list(Optional.of("acme"))).hasSize(1);
    }

    @Test
    void makesNoKeyWhenTheAuditTrailCannotRecordIt() {
        keys.audit().setUnavailable(true);

        assertThatThrownBy(() -> manage.create(ACME_ADMIN, ADDRESS, NewApiKey.withRoles(Set.of(Role.INGEST))))
                .isInstanceOf(StoreUnavailableException.class);
        keys.audit().setUnavailable(false);
        assertThat(keys.isEmpty()).isTrue();
    }

    @Test
    void makesAFirstKeyForTheDefaultTenantWithEveryRoleOnlyWhenThereAreNoKeys() {
        Optional<IssuedApiKey> first = manage.createFirstKeyIfNone();
        Optional<IssuedApiKey> again = manage.createFirstKeyIfNone();

        assertThat(first).hasValueSatisfying(issued -> {
            assertThat(issued.tenant()).isEqualTo("default");
            assertThat(issued.roles()).isEqualTo(EnumSet.allOf(Role.class));
            assertThat(verifier.verify(issued.key())).isInstanceOf(Accepted.class);
        });
        assertThat(again).isEmpty();
        assertThat(keys.all()).hasSize(1);
    }

    @Test
    void makesNoFirstKeyWhenAnyTenantHasAKeyEvenARevokedOne() {
        IssuedApiKey acme = manage.create("acme", NewApiKey.withRoles(Set.of(Role.QUERY)));
        manage.revoke(acme.keyId());

        assertThat(manage.createFirstKeyIfNone()).isEmpty();
        assertThat(keys.all()).extracting(StoredApiKey::tenant).containsExactly("acme");
    }
}
