package io.logpipe.bootstrap.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.bootstrap.ratelimit.BucketRateLimits.TenantRates;
import io.logpipe.bootstrap.ratelimit.BucketRateLimits.TokenRate;
import io.logpipe.domain.Principal;
import io.logpipe.domain.RateLimitedException;
import io.logpipe.domain.Role;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BucketRateLimitsTest {
    private static final Principal ACME = new Principal("00000000000000a1", "acme", Set.of(Role.INGEST));
    private static final Principal ACME_OTHER_KEY = new Principal("00000000000000a2", "acme", Set.of(Role.INGEST));
    private static final Principal GLOBEX = new Principal("00000000000000b1", "globex", Set.of(Role.QUERY));

    @Test
    void letsABurstThroughThenRefusesWithTheTimeUntilEnoughHasRefilled() {
        BucketRateLimits limits = new BucketRateLimits(new TokenRate(10, 100), new TokenRate(0, 0), Map.of());

        limits.acquireEntries(ACME, 100);

        assertThatThrownBy(() -> limits.acquireEntries(ACME, 50))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.retryAfter().toMillis())
                        .isBetween(4_000L, 5_000L));
    }

    @Test
    void givesEachKeyABucketOfItsOwn() {
        BucketRateLimits limits = new BucketRateLimits(new TokenRate(1, 5), new TokenRate(0, 0), Map.of());
        limits.acquireEntries(ACME, 5);

        assertThatCode(() -> limits.acquireEntries(ACME_OTHER_KEY, 5)).doesNotThrowAnyException();
        assertThatThrownBy(() -> limits.acquireEntries(ACME, 1)).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void appliesATenantsOverrideToItsKeysAndTheDefaultToOthers() {
        BucketRateLimits limits = new BucketRateLimits(new TokenRate(1, 1), new TokenRate(1, 2),
                Map.of("globex", new TenantRates(Optional.empty(), Optional.of(new TokenRate(100, 100)))));

        for (int i = 0; i < 50; i++) {
            limits.acquireQuery(GLOBEX);
        }
        limits.acquireQuery(ACME);
        limits.acquireQuery(ACME);
        assertThatThrownBy(() -> limits.acquireQuery(ACME)).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void limitsNothingAtZeroPerSecond() {
        BucketRateLimits limits = new BucketRateLimits(new TokenRate(0, 0), new TokenRate(0, 0), Map.of());

        assertThatCode(() -> {
            for (int i = 0; i < 1000; i++) {
                limits.acquireEntries(ACME, 10_000);
                limits.acquireQuery(ACME);
            }
        }).doesNotThrowAnyException();
    }
}
