package io.logpipe.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttributesTest {

    @Test
    void isAnEmptyObjectWhenThereAreNone() {
        assertThat(Attributes.none().json()).isEqualTo("{}");
        assertThat(Attributes.none().isEmpty()).isTrue();
    }

    @Test
    void readsAnEmptyObjectAsNone() {
        assertThat(Attributes.of("{}")).isSameAs(Attributes.none());
    }

    @Test
    void keepsTheTextAsSentSoNumbersKeepTheirDigits() {
        String json = "{\"price\": 10.50, \"big\": 123456789012345678901234567890, \"nested\": {\"ok\": true}}";

        Attributes attributes = Attributes.of(json);

        assertThat(attributes.json()).isEqualTo(json);
        assertThat(attributes.isEmpty()).isFalse();
    }

    @Test
    void comparesByText() {
        assertThat(Attributes.of("{\"a\":1}")).isEqualTo(new Attributes("{\"a\":1}"));
        assertThat(Attributes.of("{\"a\":1}")).isNotEqualTo(Attributes.of("{\"a\": 1}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "}", "[]", "[{}]", "42", "\"{}\"", "null", " {}", "{} "})
    void rejectsTextThatIsNotAnObject(String json) {
        assertThatThrownBy(() -> Attributes.of(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JSON object");
    }

    @Test
    void rejectsNullNamingTheField() {
        assertThatThrownBy(() -> new Attributes(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("json");
    }
}
