package io.logpipe.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TenantsTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "7", "acme", "acme-prod", "team_1.eu", "0day"})
    void acceptsLowerCaseNamesStartingWithALetterOrDigit(String tenant) {
        assertThat(Tenants.requireValid(tenant)).isEqualTo(tenant);
    }

    @Test
    void acceptsSixtyThreeCharacters() {
        String longest = "a".repeat(63);

        assertThat(Tenants.requireValid(longest)).isEqualTo(longest);
    }

    @Test
    void rejectsSixtyFourCharacters() {
        assertThatThrownBy(() -> Tenants.requireValid("a".repeat(64))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Acme", "-acme", ".acme", "_acme", "acme corp", "acme/prod", "acmé", "acme\n", " acme",
        "acme:1", "../x"})
    void rejectsNamesUnsafeInUrlsLabelsOrLogs(String tenant) {
        assertThatThrownBy(() -> Tenants.requireValid(tenant))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tenant must be");
    }
}
