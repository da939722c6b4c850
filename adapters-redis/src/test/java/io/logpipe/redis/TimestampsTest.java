package io.logpipe.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatterBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-01T22:35:00.123456Z", "2026-12-01T22:35:00Z", "1970-01-01T00:00:00Z",
            "0000-01-01T00:00:00.000001Z", "9999-12-31T23:59:59.999999999Z", "2024-02-29T12:00:00.5Z",
            "1969-12-31T23:59:59.999999Z"})
    void writesSixFractionDigitsInUtcAsTheFormatterWouldAndReadsThemBack(String text) {
        Instant instant = Instant.parse(text);

        String written = Timestamps.format(instant);

        assertThat(written).isEqualTo(new DateTimeFormatterBuilder().appendInstant(6).toFormatter().format(instant));
        assertThat(Timestamps.parse(written)).isEqualTo(instant.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }
}
