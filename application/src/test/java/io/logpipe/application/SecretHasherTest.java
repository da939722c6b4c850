package io.logpipe.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretHasherTest {
    private static final String PEPPER = "0123456789abcdef";

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"short", "0123456789abcde"})
    void rejectsAPepperShorterThanSixteenCharacters(String pepper) {
        assertThatThrownBy(() -> new SecretHasher(pepper))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16");
    }

    @Test
    void acceptsAPepperOfSixteenCharacters() {
        assertThat(new SecretHasher(PEPPER).hash("secret")).hasSize(32);
    }

    @Test
    void hashesTheSameSecretTheSameWayEveryTime() {
        assertThat(new SecretHasher(PEPPER).hash("secret")).isEqualTo(new SecretHasher(PEPPER).hash("secret"));
    }

    @Test
    void hashesDifferentlyUnderAnotherPepper() {
        assertThat(new SecretHasher(PEPPER).hash("secret"))
                .isNotEqualTo(new SecretHasher("fedcba9876543210").hash("secret"));
    }

    @Test
    void hashesDifferentSecretsDifferently() {
        SecretHasher hasher = new SecretHasher(PEPPER);

        assertThat(hasher.hash("secret-a")).isNotEqualTo(hasher.hash("secret-b"));
    }
}
