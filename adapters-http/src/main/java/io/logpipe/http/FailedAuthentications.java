package io.logpipe.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.logpipe.domain.RateLimitedException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * How many refused API keys each client address may present: a token bucket per address holding
 * {@link Limits#burst()} tries, refilled at {@link Limits#perMinute()} a minute. Guessing keys is slowed to that
 * rate, and a flood of bad keys cannot keep the key store busy.
 *
 * <p>A try is taken before a key is checked and given back when the key is accepted (or could not be checked), so an
 * address out of tries is refused without its key being looked up, and at most {@code burst} keys of one address are
 * being checked at any moment. A successful request costs nothing once it is through.
 *
 * <p>Addresses are those the server sees: behind a proxy that is the proxy's, unless the server is told to read the
 * forwarded address. Buckets are kept in memory, for at most {@value #MAX_ADDRESSES} addresses; one left alone until
 * it would be full again is forgotten, since a new one is the same. With more addresses than that the least used are
 * forgotten early and start full again. Thread-safe.
 */
public final class FailedAuthentications {
    static final long MAX_ADDRESSES = 100_000;

    private final Limits limits;
    private final TimeMeter time;
    private final Cache<String, Bucket> buckets;
    private final AtomicLong throttled = new AtomicLong();

    /**
     * Allowances of refused keys per address, at most {@code burst} at once, then {@code perMinute} a minute.
     *
     * @throws IllegalArgumentException if either is below 1
     */
    public record Limits(int burst, int perMinute) {
        public Limits {
            if (burst < 1 || perMinute < 1) {
                throw new IllegalArgumentException("burst and perMinute must be at least 1; got " + burst + " and "
                        + perMinute);
            }
        }

        /** How long an empty bucket takes to fill up again. */
        Duration refillTime() {
            return Duration.ofMinutes(1).multipliedBy(burst).dividedBy(perMinute).plusSeconds(1);
        }
    }

    public FailedAuthentications(Limits limits) {
        this(limits, System::nanoTime);
    }

    /** @param nanoTime a monotonic clock in nanoseconds, such as {@link System#nanoTime()} */
    FailedAuthentications(Limits limits, LongSupplier nanoTime) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return nanoTime.getAsLong();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
        this.buckets = Caffeine.newBuilder()
                .maximumSize(MAX_ADDRESSES)
                .expireAfterAccess(limits.refillTime())
                .ticker(nanoTime::getAsLong)
                .build();
    }

    /**
     * Takes a try from the address's allowance, before its key is checked.
     *
     * @param remoteAddress the client's address; null counts as one address of its own
     * @throws RateLimitedException if the address has no tries left, with the time until it has one again
     */
    void take(String remoteAddress) {
        ConsumptionProbe probe = buckets.get(key(remoteAddress), address -> newBucket())
                .tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throttled.incrementAndGet();
            throw new RateLimitedException("too many refused API keys from this address; nothing was done",
                    Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }

    /** Gives back the try {@link #take} took, when the key was not refused after all. */
    void giveBack(String remoteAddress) {
        Bucket bucket = buckets.getIfPresent(key(remoteAddress));
        if (bucket != null) {
            bucket.addTokens(1);
        }
    }

    /** Requests refused so far because their address had no tries left; for metrics. */
    public long throttled() {
        return throttled.get();
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(limits.burst())
                        .refillGreedy(limits.perMinute(), Duration.ofMinutes(1)))
                .withCustomTimePrecision(time)
                .build();
    }

    private static String key(String remoteAddress) {
        return remoteAddress == null ? "" : remoteAddress;
    }
}
