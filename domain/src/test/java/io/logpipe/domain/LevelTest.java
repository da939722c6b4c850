package io.logpipe.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LevelTest {

    @ParameterizedTest
    @CsvSource({
        "trace, TRACE", "DEBUG, DEBUG", "Info, INFO", "wArN, WARN", "error, ERROR", "FATAL, FATAL", "' error ', ERROR"
    })
    void readsNamesInAnyCase(String name, Level expected) {
        assertThat(Level.parse(name)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"warning", "WARNING", "Warning"})
    void readsWarningAsWarn(String name) {
        assertThat(Level.parse(name)).isEqualTo(Level.WARN);
    }

    @Test
    void rejectsAnUnknownNameSayingWhatIsExpected() {
        assertThatThrownBy(() -> Level.parse("verbose"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'verbose'")
                .hasMessageContaining("trace, debug, info, warn, error, fatal");
    }

    @Test
    void rejectsAMissingName() {
        assertThatThrownBy(() -> Level.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("required");
    }

    @Test
    void writesNamesInLowerCaseThatParseBack() {
        for (Level level : Level.values()) {
            assertThat(level.wireName()).isLowerCase();
            assertThat(Level.parse(level.wireName())).isEqualTo(level);
        }
    }
}
