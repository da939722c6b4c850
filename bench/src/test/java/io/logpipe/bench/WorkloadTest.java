package io.logpipe.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WorkloadTest {

    @Test
    void theDaysOfAWorkloadCoverEveryEntrysTimestamp() {
        Workload workload = new Workload(1, Instant.parse("2026-01-05T23:50:00Z"), Duration.ofMinutes(30), 10_000);
        EntryGenerator generator = workload.generator();
        SampleEntry last = null;
        for (int i = 0; i < 10_000; i++) {
            last = generator.next(0);
        }

        assertThat(workload.days(10_000)).containsExactly(LocalDate.parse("2026-01-05"), LocalDate.parse("2026-01-06"))
                .contains(LocalDate.ofInstant(last.timestamp(), ZoneOffset.UTC));
    }

    @Test
    void aPrefixLongerThanTheWorkloadRunsOnToLaterDays() {
        Workload workload = new Workload(1, Instant.parse("2026-01-05T12:00:00Z"), Duration.ofHours(12), 1_000);

        assertThat(workload.days(3_000)).containsExactly(LocalDate.parse("2026-01-05"), LocalDate.parse("2026-01-06"),
                LocalDate.parse("2026-01-07"));
    }
}
