package io.logpipe.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc3339Test {

    @ParameterizedTest
    @CsvSource({
        "2026-11-26T18:00:00.123456+01:00, 2026-11-26T17:00:00.123456Z",
        "2026-11-26T18:00:00Z,             2026-11-26T18:00:00Z",
        "2026-11-26t18:00:00z,             2026-11-26T18:00:00Z",
        "2026-11-26T18:00:00.5-05:30,      2026-11-26T23:30:00.5Z",
        "2026-11-26T18:00:00-00:00,        2026-11-26T18:00:00Z",
        "2026-11-26T18:00:00.123456789Z,   2026-11-26T18:00:00.123456789Z",
        "2024-02-29T23:59:59.9Z,           2024-02-29T23:59:59.9Z",
        "0000-01-01T00:00:00Z,             0000-01-01T00:00:00Z"
    })
    void readsAnyOffsetAsTheSameInstant(String text, String expected) {
        assertThat(Rfc3339.parse(text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-26T18:00:00", "2026-11-26T18:00Z", "2026-02-30T18:00:00Z",
            "2026-11-26T18:00:00+0100", "2026-11-26T18:00:00Z[Europe/Paris]", "2026-11-26 18:00:00Z", "",
            "+100000-01-01T00:00:00Z", "-5000-01-01T00:00:00Z", "12026-11-26T18:00:00Z",
            "2026-11-26T18:00:00.Z", "2026-11-26T18:00:00.1234567890Z", "2026-11-26T24:00:00Z",
            "2026-11-26T18:00:60Z", "2025-02-29T18:00:00Z", "2026-1a-26T18:00:00Z", "2026-11-26T18:00:00,5Z",
            "2026-11-26X18:00:00Z", "+026-11-26T18:00:00Z"})
    void refusesWhatRfc3339DoesNotAllow(String text) {
        assertThatThrownBy(() -> Rfc3339.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(Rfc3339.EXPECTED);
    }

    @Test
    void writesUtcWithOnlyTheDigitsNeeded() {
        assertThat(Rfc3339.format(Instant.parse("2026-11-26T17:00:00.123456Z")))
                .isEqualTo("2026-11-26T17:00:00.123456Z");
        assertThat(Rfc3339.format(Instant.parse("2026-11-26T17:00:00Z"))).isEqualTo("2026-11-26T17:00:00Z");
    }
}
