package io.logpipe.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QueryPhaseTest {
    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

    @Test
    void aKeptDatasetsDigestChangesWithWhatTheGeneratorMakes() {
        Workload dataset = new Workload(42, START, Duration.ofDays(2), 10_000_000);

        assertThat(QueryPhase.digest(dataset, 1_000))
                .isEqualTo(QueryPhase.digest(new Workload(42, START, Duration.ofDays(2), 10_000_000), 1_000))
                .isNotEqualTo(QueryPhase.digest(new Workload(43, START, Duration.ofDays(2), 10_000_000), 1_000))
                .isNotEqualTo(QueryPhase.digest(new Workload(42, START, Duration.ofDays(2), 5_000_000), 1_000));
    }

    @Test
    void findsTheQueryCacheInsideTheQuerySectionOnly() {
        String withCache = """
                ingest:
                  idempotencyRetention: 24 hours

                query:
                  # answers are kept
                  defaultSpan: 1 hour
                  cache:
                    ttl: 5s
                logging:
                  level: INFO
                """;
        String cacheElsewhere = """
                keys:
                  cache:
                    ttl: 1 minute
                query:
                  defaultSpan: 1 hour
                """;

        assertThat(QueryPhase.declaresQueryCache(withCache)).isTrue();
        assertThat(QueryPhase.declaresQueryCache(cacheElsewhere)).isFalse();
        assertThat(QueryPhase.declaresQueryCache("server:\n  type: default\n")).isFalse();
    }
}
