package io.logpipe.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LeaseTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");

    @Test
    void holdsAnyNumberOfEntriesUnderOneOpaqueReceipt() {
        List<LogEntry> threeEntries = List.of(entry(), entry(), entry());

        Lease lease = new Lease("worker-1", List.of("1700000000000-0"), threeEntries);

        assertThat(lease.size()).isEqualTo(3);
        assertThat(lease.entries()).containsExactlyElementsOf(threeEntries);
        assertThat(lease.receipts()).containsExactly("1700000000000-0");
    }

    @Test
    void holdsNothingWhenEmpty() {
        Lease lease = Lease.empty("worker-1");

        assertThat(lease.isEmpty()).isTrue();
        assertThat(lease.size()).isZero();
        assertThat(lease.receipts()).isEmpty();
        assertThat(lease.consumer()).isEqualTo("worker-1");
    }

    @Test
    void keepsItsOwnCopyOfEntriesAndReceipts() {
        List<String> receipts = new ArrayList<>(List.of("1-0"));
        List<LogEntry> entries = new ArrayList<>(List.of(entry()));
        Lease lease = new Lease("worker-1", receipts, entries);

        receipts.add("1-1");
        entries.add(entry());

        assertThat(lease.size()).isEqualTo(1);
        assertThat(lease.receipts()).containsExactly("1-0");
    }

    @Test
    void requiresAConsumerNamingTheField() {
        assertThatThrownBy(() -> new Lease(null, List.of(), List.of()))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("consumer");
    }

    private static LogEntry entry() {
        return new LogEntry(UUID.randomUUID(), "acme", NOW, NOW, "api", Level.INFO, "hi", null, null, null, null);
    }
}
