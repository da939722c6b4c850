package io.logpipe.bootstrap.worker;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;

/** Settings of the worker that drains the queue into PostgreSQL. */
public final class WorkerFactory {

    /**
     * The worker's consumer name in the Redis consumer group. It must stay the same across restarts of one server,
     * because entries a crashed worker had leased are redelivered to the same name; empty means the host name.
     */
    @JsonProperty
    private String consumerName = "";

    @Min(1)
    @Max(10_000)
    @JsonProperty
    private int batchSize = 1000;

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

    public String resolvedConsumerName() {
        if (consumerName != null && !consumerName.isBlank()) {
            return consumerName;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "logpipe-worker";
        }
    }

    public void setConsumerName(String consumerName) {
        this.consumerName = consumerName;
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
