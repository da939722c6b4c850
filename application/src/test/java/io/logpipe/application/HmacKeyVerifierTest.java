package io.logpipe.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.KeyVerdict.Accepted;
import io.logpipe.domain.KeyVerdict.Reason;
import io.logpipe.domain.KeyVerdict.Refused;
import io.logpipe.domain.Role;
import io.logpipe.domain.StoreUnavailableException;
import io.logpipe.domain.testing.InMemoryApiKeyStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class HmacKeyVerifierTest {
    private static final Peppers PEPPERS = Peppers.single("pepper-for-tests-only");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T10:15:30Z"), ZoneOffset.UTC);

    private final InMemoryApiKeyStore keys = new InMemoryApiKeyStore();
    private final HmacKeyVerifier verifier = new HmacKeyVerifier(keys, PEPPERS, CLOCK);
    private IssuedApiKey issued;

    @BeforeEach
    void givenAStoredKey() {
        issued = new ManageApiKeys(keys, PEPPERS, CLOCK).create("acme", NewApiKey.withRoles(Set.of(Role.INGEST)));
    }

    @Test
    void acceptsTheKeyAsIssued() {
        assertThat(verifier.verify(issued.key())).isInstanceOf(Accepted.class);
    }

    @Test
    void refusesTheKeyWithAnyOneSecretCharacterChanged() {
        String key = issued.key();
        int secretStart = key.length() - 43;

        for (int i = secretStart; i < key.length(); i++) {
            char changed = key.charAt(i) == 'A' ? 'B' : 'A';
            String tampered = key.substring(0, i) + changed + key.substring(i + 1);

            assertThat(verifier.verify(tampered)).as("secret changed at %d", i)
                    .isEqualTo(new Refused(Reason.WRONG_SECRET, issued.keyId(), "acme"));
        }
    }

    @Test
    void refusesAnUnknownKeyIdWithoutNamingATenant() {
        String otherId = issued.keyId().equals("0000000000000000") ? "1111111111111111" : "0000000000000000";
        String secret = issued.key().substring(issued.key().length() - 43);

        assertThat(verifier.verify("lp_" + otherId + "_" + secret)).isEqualTo(new Refused(Reason.UNKNOWN, otherId,
                null));
    }

    @Test
    void refusesTheSecretUnderAnotherKeysId() {
        IssuedApiKey other = new ManageApiKeys(keys, PEPPERS, CLOCK)
                .create("globex", NewApiKey.withRoles(Set.of(Role.ADMIN)));
        String secret = issued.key().substring(issued.key().length() - 43);

        assertThat(verifier.verify("lp_" + other.keyId() + "_" + secret))
                .isEqualTo(new Refused(Reason.WRONG_SECRET, other.keyId(), "globex"));
    }

    @Test
    void refusesAMissingKey() {
        assertThat(verifier.verify(null)).isEqualTo(Refused.of(Reason.MISSING));
    }

    @ParameterizedTest
    @EmptySource
    @ValueSource(strings = {"lp_", "lp__", "not-a-key", "Bearer lp_0123456789abcdef_x"})
    void refusesMalformedKeys(String presented) {
        assertThat(verifier.verify(presented)).isEqualTo(Refused.of(Reason.MALFORMED));
    }

    @Test
    void refusesTheKeyWithExtraOrMissingCharacters() {
        String key = issued.key();

        assertThat(verifier.verify(key + "A")).isInstanceOf(Refused.class);
        assertThat(verifier.verify(key.substring(0, key.length() - 1))).isInstanceOf(Refused.class);
        assertThat(verifier.verify("Bearer " + key)).isInstanceOf(Refused.class);
        assertThat(verifier.verify(key.replace("lp_", "LP_"))).isInstanceOf(Refused.class);
        assertThat(verifier.verify(key.replace(issued.keyId(), issued.keyId().toUpperCase())))
                .isInstanceOf(Refused.class);
    }

    @Test
    void refusesTheKeyUnderAnotherPepper() {
        HmacKeyVerifier otherServer = new HmacKeyVerifier(keys, Peppers.single("another-pepper-entirely"), CLOCK);

        assertThat(otherServer.verify(issued.key())).isInstanceOf(Refused.class);
    }

    @Test
    void keepsAcceptingKeysOfAnEarlierPepperWhileItIsConfiguredAndNotAfter() {
        Peppers rotated = new Peppers(2, Map.of(1, "pepper-for-tests-only", 2, "the-newer-test-pepper"));
        Peppers retired = new Peppers(2, Map.of(2, "the-newer-test-pepper"));

        assertThat(new HmacKeyVerifier(keys, rotated, CLOCK).verify(issued.key())).isInstanceOf(Accepted.class);
        assertThat(new HmacKeyVerifier(keys, retired, CLOCK).verify(issued.key())).isInstanceOf(Refused.class);
    }

    @Test
    void failsRatherThanAnsweringNoWhenTheKeysCannotBeRead() {
        keys.setUnavailable(true);

        assertThatThrownBy(() -> verifier.verify(issued.key())).isInstanceOf(StoreUnavailableException.class);
    }
}
