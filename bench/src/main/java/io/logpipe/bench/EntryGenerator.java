package io.logpipe.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Makes realistic log entries from a fixed seed: the same seed, start and spacing give the same entries, so the
 * HTTP load and the COPY baseline carry identical rows. Entries come in batches, each from one tenant, as a shipper
 * sends them; timestamps rise steadily from {@code start} like a live log stream.
 *
 * <p>The shape: 5 tenants of unequal size, 20 services, levels about 70% info / 15% debug / 10% warn / 5% error,
 * messages of 8 to 20 words, four attributes ({@code http.status} nested as {@code {"http":{"status":…}}}), a trace id
 * and a host: about 350 bytes of JSON. Searches need words of known frequency: each of the {@link #COMMON_WORDS} is
 * in about 12% of messages, and one message in {@value #RARE_WORD_ONE_IN} carries one of the {@link #RARE_WORDS}, so
 * each of those is in about 0.1%. 90% of entries carry a trace id, shared by a run of 1 to 9 of one tenant's entries
 * as a request's log lines share theirs; the rest carry none. Not thread-safe.
 */
final class EntryGenerator {
    static final List<String> TENANTS = List.of("acme", "globex", "initech", "umbrella", "hooli");
    /** Relative share of entries per tenant, in the order of {@link #TENANTS}. */
    private static final int[] TENANT_WEIGHTS = {40, 25, 15, 12, 8};
    static final List<String> SERVICES = List.of(
            "api-gateway", "auth", "billing", "cart", "catalog", "checkout", "email", "inventory", "invoices",
            "notifications", "orders", "payments", "pricing", "profile", "recommendations", "search", "shipping",
            "sessions", "reports", "webhooks");
    private static final String[] REGIONS = {"eu-west-1", "eu-central-1", "us-east-1", "us-west-2", "ap-south-1",
        "ap-northeast-1"};
    private static final int[] STATUSES = {200, 200, 200, 200, 200, 200, 200, 201, 204, 304, 400, 401, 404, 500, 503};
    static final List<String> COMMON_WORDS = List.of(("request completed user session order payment cache miss hit "
            + "retry timeout connection pool database query slow fast upstream downstream received sent queued processed "
            + "failed succeeded started stopped token refresh expired invalid valid item cart checkout shipping "
            + "label created updated deleted record batch job worker scheduled webhook delivered bounced email "
            + "template rendered price discount applied coupon inventory reserved released stock low warehouse "
            + "region latency high normal circuit open closed fallback served stale fresh index rebuilt shard "
            + "replica primary lag bytes written read file upload download signature verified rejected accepted "
            + "rate limit exceeded quota remaining header missing parameter value out of range for the with from "
            + "after before during while because").split(" "));
    static final List<String> RARE_WORDS = List.of("deadlock", "segfault", "oomkilled", "panic", "corrupted",
            "throttled", "evicted", "unreachable", "overflow", "misconfigured");
    static final int RARE_WORD_ONE_IN = 100;
    private static final int UNTRACED_PERCENT = 10;
    private static final int MAX_TRACE_ENTRIES = 9;

    private final SplittableRandom random;
    private final Instant start;
    private final long spacingNanos;
    private long produced;
    private final String[] traceOfTenant = new String[TENANTS.size()];
    private final int[] traceEntriesLeft = new int[TENANTS.size()];

    /**
     * @param seed the seed; equal seeds give equal entries
     * @param start the timestamp of the first entry
     * @param spacing the time between consecutive entries (entries are jittered by up to one spacing)
     */
    EntryGenerator(long seed, Instant start, Duration spacing) {
        this.random = new SplittableRandom(seed);
        this.start = start;
        this.spacingNanos = Math.max(1, spacing.toNanos());
    }

    /** The next batch: {@code size} entries of one tenant, drawn by weight. */
    List<SampleEntry> nextBatch(int size) {
        int tenant = weightedTenant();
        List<SampleEntry> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            batch.add(next(tenant));
        }
        return batch;
    }

    /** The next entry, of the given tenant. */
    SampleEntry next(int tenant) {
        long offset = produced++ * spacingNanos + random.nextLong(spacingNanos);
        Instant timestamp = start.plusNanos(offset).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        return new SampleEntry(
                tenant,
                uuidV7(timestamp),
                timestamp,
                SERVICES.get(random.nextInt(SERVICES.size())),
                level(),
                message(),
                STATUSES[random.nextInt(STATUSES.length)],
                random.nextLong(1, 250_000),
                REGIONS[random.nextInt(REGIONS.length)],
                Math.round(Math.exp(random.nextDouble(0, 8)) * 10) / 10.0,
                traceId(tenant),
                "host-" + (10 + random.nextInt(40)));
    }

    int weightedTenant() {
        int pick = random.nextInt(100);
        for (int tenant = 0; tenant < TENANT_WEIGHTS.length; tenant++) {
            pick -= TENANT_WEIGHTS[tenant];
            if (pick < 0) {
                return tenant;
            }
        }
        return TENANT_WEIGHTS.length - 1;
    }

    private String level() {
        int pick = random.nextInt(100);
        if (pick < 70) {
            return "info";
        }
        if (pick < 85) {
            return "debug";
        }
        return pick < 95 ? "warn" : "error";
    }

    private String message() {
        int words = 8 + random.nextInt(13);
        int rareAt = random.nextInt(RARE_WORD_ONE_IN) == 0 ? random.nextInt(words) : -1;
        StringBuilder text = new StringBuilder(words * 8);
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                text.append(' ');
            }
            List<String> vocabulary = i == rareAt ? RARE_WORDS : COMMON_WORDS;
            text.append(vocabulary.get(random.nextInt(vocabulary.size())));
        }
        return text.toString();
    }

    /** The tenant's current trace, or a new one when it has run out; null for an untraced entry. */
    private String traceId(int tenant) {
        if (random.nextInt(100) < UNTRACED_PERCENT) {
            return null;
        }
        if (traceEntriesLeft[tenant] == 0) {
            traceOfTenant[tenant] = hex(32);
            traceEntriesLeft[tenant] = 1 + random.nextInt(MAX_TRACE_ENTRIES);
        }
        traceEntriesLeft[tenant]--;
        return traceOfTenant[tenant];
    }

    private String hex(int digits) {
        StringBuilder text = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            text.append(Character.forDigit(random.nextInt(16), 16));
        }
        return text.toString();
    }

    /** A UUID version 7, as logpipe itself assigns: 48 bits of Unix milliseconds, then random bits. */
    private UUID uuidV7(Instant timestamp) {
        long high = (timestamp.toEpochMilli() << 16) | 0x7000L | random.nextInt(1 << 12);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
