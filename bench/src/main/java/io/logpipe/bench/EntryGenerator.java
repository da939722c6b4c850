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
 * messages of 8 to 20 words, four attributes, a trace id and a host: about 350 bytes of JSON. Not thread-safe.
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
    private static final String[] WORDS = ("request completed user session order payment cache miss hit retry "
            + "timeout connection pool database query slow fast upstream downstream received sent queued processed "
            + "failed succeeded started stopped token refresh expired invalid valid item cart checkout shipping "
            + "label created updated deleted record batch job worker scheduled webhook delivered bounced email "
            + "template rendered price discount applied coupon inventory reserved released stock low warehouse "
            + "region latency high normal circuit open closed fallback served stale fresh index rebuilt shard "
            + "replica primary lag bytes written read file upload download signature verified rejected accepted "
            + "rate limit exceeded quota remaining header missing parameter value out of range for the with from "
            + "after before during while because").split(" ");

    private final SplittableRandom random;
    private final Instant start;
    private final long spacingNanos;
    private long produced;

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
                hex(32),
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
        StringBuilder text = new StringBuilder(words * 8);
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.toString();
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
