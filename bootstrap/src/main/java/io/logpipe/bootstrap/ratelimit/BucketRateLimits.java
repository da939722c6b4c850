package io.logpipe.bootstrap.ratelimit;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Cache;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.logpipe.domain.Principal;
import io.logpipe.domain.RateLimitedException;
import io.logpipe.domain.RateLimits;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@link RateLimits} as one Bucket4j token bucket per API key and kind (entries, searches), held in this process: with
 * several API processes behind a load balancer, a key may use each process's allowance. A tenant's overrides apply to
 * every key of that tenant. Buckets of keys idle for a while are forgotten (and start full again). Thread-safe.
 */
public final class BucketRateLimits implements RateLimits {
    private static final Duration FORGET_IDLE_AFTER = Duration.ofMinutes(10);
    private static final long MAX_KEYS = 100_000;

    private final TokenRate entries;
    private final TokenRate queries;
    private final Map<String, TenantRates> tenants;
    private final Cache<String, Bucket> entryBuckets = buckets();
    private final Cache<String, Bucket> queryBuckets = buckets();

    /**
     * @param entries entries per second and burst per key, for tenants without an override
     * @param queries searches per second and burst per key, likewise
     * @param tenants overrides by tenant
     */
    public BucketRateLimits(TokenRate entries, TokenRate queries, Map<String, TenantRates> tenants) {
        this.entries = entries;
        this.queries = queries;
        this.tenants = Map.copyOf(tenants);
    }

    @Override
    public void acquireEntries(Principal caller, int count) {
        TenantRates override = tenants.get(caller.tenant());
        take(entryBuckets, caller, override == null ? entries : override.entries().orElse(entries), count,
                "entries");
    }

    @Override
    public void acquireQuery(Principal caller) {
        TenantRates override = tenants.get(caller.tenant());
        take(queryBuckets, caller, override == null ? queries : override.queries().orElse(queries), 1, "searches");
    }

    /** A key's rate never changes in a process (its tenant and the settings are fixed), so its id names its bucket. */
    private static void take(Cache<String, Bucket> buckets, Principal caller, TokenRate rate, int count,
            String what) {
        if (rate.isUnlimited()) {
            return;
        }
        ConsumptionProbe probe = buckets.get(caller.keyId(), keyId -> newBucket(rate))
                .tryConsumeAndReturnRemaining(count);
        if (!probe.isConsumed()) {
            throw new RateLimitedException("this API key may send " + rate.describe(what) + "; slow down",
                    Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }

    private static Cache<String, Bucket> buckets() {
        return Caffeine.newBuilder().expireAfterAccess(FORGET_IDLE_AFTER).maximumSize(MAX_KEYS).build();
    }

    private static Bucket newBucket(TokenRate rate) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(rate.burst())
                        .refillGreedy(rate.perSecond(), Duration.ofSeconds(1)).build())
                .build();
    }

    /**
     * A token bucket's settings.
     *
     * @param perSecond tokens added per second; 0 for no limit
     * @param burst the most tokens the bucket holds, at least {@code perSecond}
     */
    public record TokenRate(long perSecond, long burst) {
        public TokenRate {
            if (perSecond < 0 || burst < 0 || perSecond > 0 && burst < perSecond) {
                throw new IllegalArgumentException("a rate needs 0 <= perSecond <= burst; got " + perSecond + "/s, "
                        + "burst " + burst);
            }
        }

        boolean isUnlimited() {
            return perSecond == 0;
        }

        String describe(String what) {
            return perSecond + " " + what + " a second (bursts of up to " + burst + ")";
        }
    }

    /** A tenant's overrides; empty keeps the default. */
    public record TenantRates(Optional<TokenRate> entries, Optional<TokenRate> queries) {
    }
}
