package io.logpipe.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeadLetterScopeTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void aTenantsScopeCoversOnlyThatTenantsDeadLetters() {
        DeadLetterScope acme = DeadLetterScope.of("acme");

        assertThat(acme.covers(refused("acme"))).isTrue();
        assertThat(acme.covers(refused("globex"))).isFalse();
        assertThat(acme.covers(undecodable())).isFalse();
    }

    @Test
    void everythingCoversEveryTenantAndTheUndecodableRecords() {
        DeadLetterScope everything = DeadLetterScope.everything();

        assertThat(everything.covers(refused("acme"))).isTrue();
        assertThat(everything.covers(refused("globex"))).isTrue();
        assertThat(everything.covers(undecodable())).isTrue();
    }

    @Test
    void refusesAnInvalidTenantName() {
        assertThatThrownBy(() -> DeadLetterScope.of("Not A Tenant")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeadLetterScope.of(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDeadLetterWasDeliveredAtLeastOnce() {
        LogEntry entry = entry("acme");

        assertThatThrownBy(() -> new DeadLetter(entry, "refused", "22021", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deliveries");
        assertThatThrownBy(() -> new StoredDeadLetter("1", List.of(entry), "{}", "refused", "22021", 0, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deliveries");
    }

    @Test
    void holdsTheEntriesOfOneTenantOnly() {
        assertThatThrownBy(() -> new StoredDeadLetter("3", List.of(entry("acme"), entry("globex")), "{}", "too many "
                + "deliveries", "", 11, T0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static StoredDeadLetter refused(String tenant) {
        return new StoredDeadLetter("1", List.of(entry(tenant)), "{}", "refused", "22021", 1, T0);
    }

    private static StoredDeadLetter undecodable() {
        return new StoredDeadLetter("2", List.of(), "garbage", "not a record document", "", 1, T0);
    }

    private static LogEntry entry(String tenant) {
        return new LogEntry(UUID.randomUUID(), tenant, T0, T0, "api", Level.INFO, "hi", null, null, null, null);
    }
}
