package io.logpipe.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EntryIdsTest {
    private static final Instant MOMENT = Instant.parse("2025-03-01T10:15:30.123456789Z");

    @Test
    void makesVersion7IdsOfTheIetfVariant() {
        for (int i = 0; i < 1_000; i++) {
            UUID id = EntryIds.newId(MOMENT);

            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
        }
    }

    @Test
    void startsWithTheGivenUnixMillis() {
        UUID id = EntryIds.newId(MOMENT);

        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(MOMENT.toEpochMilli());
        assertThat(id.toString()).startsWith(String.format("%012x", MOMENT.toEpochMilli()).substring(0, 8));
    }

    @Test
    void makesDistinctIdsForTheSameMillisecond() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(EntryIds.newId(MOMENT));
        }

        assertThat(ids).hasSize(10_000);
    }

    @Test
    void sortsIdsOfLaterMillisecondsAfterEarlierOnes() {
        for (int i = 0; i < 1_000; i++) {
            UUID earlier = EntryIds.newId(MOMENT);
            UUID later = EntryIds.newId(MOMENT.plusMillis(1));

            assertThat(later).isGreaterThan(earlier);
            // PostgreSQL orders uuid by unsigned bytes, which is the order of the canonical text form.
            assertThat(later.toString()).isGreaterThan(earlier.toString());
        }
    }

    @Test
    void ignoresTimeBelowTheMillisecond() {
        UUID id = EntryIds.newId(Instant.parse("2025-03-01T10:15:30.123999999Z"));

        assertThat(id.getMostSignificantBits() >>> 16)
                .isEqualTo(Instant.parse("2025-03-01T10:15:30.123Z").toEpochMilli());
    }

    @Test
    void derivesTheSameIdFromTheSameArguments() {
        assertThat(EntryIds.derived(MOMENT, "acme", "order-42", 3))
                .isEqualTo(EntryIds.derived(MOMENT, "acme", "order-42", 3));
    }

    @Test
    void derivesVersion7IdsStartingWithTheGivenUnixMillis() {
        UUID id = EntryIds.derived(MOMENT, "acme", "order-42", 0);

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(MOMENT.toEpochMilli());
    }

    @Test
    void derivesTheSameIdWhateverTheTimeBelowTheMillisecond() {
        // A queue that keeps the claim's time to the millisecond still answers a retry with the first ids.
        assertThat(EntryIds.derived(Instant.parse("2025-03-01T10:15:30.123999999Z"), "acme", "order-42", 0))
                .isEqualTo(EntryIds.derived(Instant.parse("2025-03-01T10:15:30.123Z"), "acme", "order-42", 0));
    }

    @Test
    void derivesADifferentIdForEachIndex() {
        Set<UUID> ids = new HashSet<>();
        for (int index = 0; index < 10_000; index++) {
            ids.add(EntryIds.derived(MOMENT, "acme", "order-42", index));
        }

        assertThat(ids).hasSize(10_000);
    }

    @Test
    void derivesDifferentIdsForAnotherKeyOrTenant() {
        UUID id = EntryIds.derived(MOMENT, "acme", "order-42", 0);

        assertThat(EntryIds.derived(MOMENT, "acme", "order-43", 0)).isNotEqualTo(id);
        assertThat(EntryIds.derived(MOMENT, "globex", "order-42", 0)).isNotEqualTo(id);
    }

    @Test
    void keepsTenantAndKeyApartWhereTheirConcatenationsMatch() {
        assertThat(EntryIds.derived(MOMENT, "ab", "c", 0)).isNotEqualTo(EntryIds.derived(MOMENT, "a", "bc", 0));
    }

    @Test
    void derivesIdsThatDifferFromOneAnotherInTheirLowBitsToo() {
        UUID first = EntryIds.derived(MOMENT, "acme", "order-42", 0);
        UUID second = EntryIds.derived(MOMENT, "acme", "order-42", 1);

        assertThat(first.getLeastSignificantBits()).isNotEqualTo(second.getLeastSignificantBits());
        assertThat(first.getMostSignificantBits() & 0x0FFFL).isNotEqualTo(second.getMostSignificantBits() & 0x0FFFL);
    }
}
