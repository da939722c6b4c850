package io.logpipe.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencyClaimTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");
    private static final Duration DAY = Duration.ofDays(1);

    @ParameterizedTest
    @ValueSource(strings = {"a", "!", "~", "order-42/retry#1", "550e8400-e29b-41d4-a716-446655440000"})
    void acceptsVisibleAsciiKeys(String key) {
        assertThat(IdempotencyClaim.isValidKey(key)).isTrue();
        assertThat(claim(key).key()).isEqualTo(key);
    }

    @Test
    void acceptsAKeyOfTheMaximumLength() {
        String longest = "k".repeat(IdempotencyClaim.MAX_KEY_LENGTH);

        assertThat(claim(longest).key()).isEqualTo(longest);
    }

    @Test
    void rejectsAKeyOneCharacterTooLong() {
        assertRejectedKey("k".repeat(IdempotencyClaim.MAX_KEY_LENGTH + 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "two words", "tab\there", "line\n", "nul\u0000", "del\u007f", "caf\u00e9",
        "\u00a0", "emoji\ud83d\ude00"})
    void rejectsKeysWithAnythingButVisibleAscii(String key) {
        assertRejectedKey(key);
    }

    @Test
    void rejectsAnInvalidTenant() {
        assertThatThrownBy(() -> new IdempotencyClaim("Acme", "key-1", "abc", NOW, DAY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tenant");
    }

    @Test
    void rejectsARetentionThatIsNotPositive() {
        assertThatThrownBy(() -> new IdempotencyClaim("acme", "key-1", "abc", NOW, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retention");
        assertThatThrownBy(() -> new IdempotencyClaim("acme", "key-1", "abc", NOW, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retention");
    }

    @Test
    void requiresEveryPartNamingTheMissingOne() {
        assertThatThrownBy(() -> new IdempotencyClaim("acme", null, "abc", NOW, DAY)).hasMessage("key");
        assertThatThrownBy(() -> new IdempotencyClaim("acme", "key-1", null, NOW, DAY)).hasMessage("fingerprint");
        assertThatThrownBy(() -> new IdempotencyClaim("acme", "key-1", "abc", null, DAY)).hasMessage("receivedAt");
        assertThatThrownBy(() -> new IdempotencyClaim("acme", "key-1", "abc", NOW, null)).hasMessage("retention");
    }

    private static IdempotencyClaim claim(String key) {
        return new IdempotencyClaim("acme", key, "9f86d081884c7d65", NOW, DAY);
    }

    private static void assertRejectedKey(String key) {
        assertThat(IdempotencyClaim.isValidKey(key)).as("isValidKey(%s)", key).isFalse();
        assertThatThrownBy(() -> claim(key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("idempotency key");
    }
}
