package io.logpipe.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.Role;
import io.logpipe.domain.StoreUnavailableException;
import io.logpipe.domain.testing.InMemoryApiKeyStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class HmacKeyVerifierTest {
    private static final SecretHasher HASHER = new SecretHasher("pepper-for-tests-only");

    private final InMemoryApiKeyStore keys = new InMemoryApiKeyStore();
    private final HmacKeyVerifier verifier = new HmacKeyVerifier(keys, HASHER);
    private IssuedApiKey issued;

    @BeforeEach
    void givenAStoredKey() {
        issued = new CreateApiKey(keys, HASHER, Clock.fixed(Instant.parse("2025-03-01T10:15:30Z"), ZoneOffset.UTC))
                .create("acme", Set.of(Role.INGEST));
    }

    @Test
    void acceptsTheKeyAsIssued() {
        assertThat(verifier.verify(issued.key())).isPresent();
    }

    @Test
    void rejectsTheKeyWithAnyOneSecretCharacterChanged() {
        String key = issued.key();
        int secretStart = key.length() - 43;

        for (int i = secretStart; i < key.length(); i++) {
            char changed = key.charAt(i) == 'A' ? 'B' : 'A';
            String tampered = key.substring(0, i) + changed + key.substring(i + 1);

            assertThat(verifier.verify(tampered)).as("secret changed at %d", i).isEmpty();
        }
    }

    @Test
    void rejectsAnUnknownKeyId() {
        String otherId = issued.keyId().equals("0000000000000000") ? "1111111111111111" : "0000000000000000";
        String secret = issued.key().substring(issued.key().length() - 43);

        assertThat(verifier.verify("lp_" + otherId + "_" + secret)).isEmpty();
    }

    @Test
    void rejectsTheSecretUnderAnotherKeysId() {
        IssuedApiKey other = new CreateApiKey(keys, HASHER, Clock.systemUTC()).create("globex", Set.of(Role.ADMIN));
        String secret = issued.key().substring(issued.key().length() - 43);

        assertThat(verifier.verify("lp_" + other.keyId() + "_" + secret)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"lp_", "lp__", "not-a-key", "Bearer lp_0123456789abcdef_x"})
    void rejectsMalformedKeys(String presented) {
        assertThat(verifier.verify(presented)).isEmpty();
    }

    @Test
    void rejectsTheKeyWithExtraOrMissingCharacters() {
        String key = issued.key();

        assertThat(verifier.verify(key + "A")).isEmpty();
        assertThat(verifier.verify(key.substring(0, key.length() - 1))).isEmpty();
        assertThat(verifier.verify("Bearer " + key)).isEmpty();
        assertThat(verifier.verify(key.replace("lp_", "LP_"))).isEmpty();
        assertThat(verifier.verify(key.replace(issued.keyId(), issued.keyId().toUpperCase()))).isEmpty();
    }

    @Test
    void rejectsTheKeyUnderAnotherPepper() {
        HmacKeyVerifier otherServer = new HmacKeyVerifier(keys, new SecretHasher("another-pepper-entirely"));

        assertThat(otherServer.verify(issued.key())).isEmpty();
    }

    @Test
    void failsRatherThanAnsweringNoWhenTheKeysCannotBeRead() {
        keys.setUnavailable(true);

        assertThatThrownBy(() -> verifier.verify(issued.key())).isInstanceOf(StoreUnavailableException.class);
    }
}
