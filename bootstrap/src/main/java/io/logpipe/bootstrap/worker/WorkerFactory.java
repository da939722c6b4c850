package io.logpipe.bootstrap.worker;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.logpipe.redis.LeaseLimits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Settings of the worker that drains the queue into PostgreSQL. */
public final class WorkerFactory {

    /**
     * What the worker's consumer names in the Redis consumer group start with; each thread adds {@code -<n>}. Empty
     * means this host's name and this process's id, unique without any setting. Entries a worker leased and left
     * behind go to the next lease of the same name at once, and to any other consumer once idle past
     * {@code redis.visibilityTimeout}; a name that stays the same across restarts (set it per instance) only makes
     * the first faster.
     */
    @JsonProperty
    private String consumerName = "";

    /** Threads draining the queue, each its own consumer: one leases and decodes while another writes. */
    @Min(1)
    @Max(64)
    @JsonProperty
    private int threads = 2;

    /**
     * How often a queue record may be delivered to workers without being acknowledged before it is set aside as a
     * dead letter: a record that kills or hangs every worker that takes it must not be taken for ever.
     */
    @Min(2)
    @JsonProperty
    private int maxDeliveries = 10;

    /** How long stopping waits for the batches in hand; those not done by then are redelivered later. */
    @NotNull
    @JsonProperty
    private Duration stopGrace = Duration.seconds(10);

    /** The worker is unhealthy while the oldest entry not yet stored has waited longer than this. */
    @NotNull
    @JsonProperty
    private Duration maxEntryAge = Duration.minutes(5);

    @Min(1)
    @Max(10_000)
    @JsonProperty
    private int batchSize = 1000;

    /**
     * Once a lease holds some entries, how long it waits for more before it is written, unless it fills first: a trickle
     * of small requests then goes to PostgreSQL in batches, not one transaction each.
     */
    @NotNull
    @JsonProperty
    private Duration batchLinger = Duration.milliseconds(50);

    /** A lease stops at about this much queued text, however few entries that is. */
    @NotNull
    @JsonProperty
    private DataSize batchMaxSize = DataSize.mebibytes(16);

    /** How long one lease waits for entries when the queue is empty. */
    @NotNull
    @JsonProperty
    private Duration leaseWait = Duration.seconds(1);

    /** The longest pause between retries while PostgreSQL or Redis is failing; backoff starts at 100 ms. */
    @NotNull
    @MinDuration(value = 200, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration maxBackoff = Duration.seconds(5);

    /**
     * How long without a completed lease cycle makes the worker unhealthy. A cycle completes at least once per lease
     * wait while the queue is empty, so only a worker that is stuck (a socket that died silently) goes this long.
     */
    @NotNull
    @JsonProperty
    private Duration stalledAfter = Duration.minutes(1);

    public java.time.Duration stalledAfter() {
        return java.time.Duration.ofMillis(stalledAfter.toMilliseconds());
    }

    /** One consumer name per thread. */
    public List<String> consumerNames() {
        String prefix = consumerName != null && !consumerName.isBlank()
                ? consumerName
                : hostName() + "-" + ProcessHandle.current().pid();
        List<String> names = new ArrayList<>(threads);
        for (int i = 1; i <= threads; i++) {
            names.add(prefix + "-" + i);
        }
        return names;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "logpipe-worker";
        }
    }

    public LeaseLimits leaseLimits() {
        return new LeaseLimits(java.time.Duration.ofMillis(batchLinger.toMilliseconds()), batchMaxSize.toBytes());
    }

    public int getThreads() {
        return threads;
    }

    public int getMaxDeliveries() {
        return maxDeliveries;
    }

    public java.time.Duration stopGrace() {
        return java.time.Duration.ofMillis(stopGrace.toMilliseconds());
    }

    public java.time.Duration maxEntryAge() {
        return java.time.Duration.ofMillis(maxEntryAge.toMilliseconds());
    }

    public int getBatchSize() {
        return batchSize;
    }

    public Duration getLeaseWait() {
        return leaseWait;
    }

    public Duration getMaxBackoff() {
        return maxBackoff;
    }
}
