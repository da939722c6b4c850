package io.logpipe.bootstrap.queue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.logpipe.bootstrap.config.ClosedOnStop;
import io.logpipe.bootstrap.embedded.EmbeddedRedisFactory;
import io.logpipe.bootstrap.metrics.ConnectionPoolMetrics;
import io.logpipe.redis.LeaseLimits;
import io.logpipe.redis.RedisLogQueue;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

/**
 * Where logpipe's Redis comes from: {@code type: embedded} runs one with an append-only file under the data
 * directory, {@code type: external} connects to one named by a {@code redis://host:port/db} URL, or over TLS by a
 * {@code rediss://host:port/db} URL (checked as {@code tls} says).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = EmbeddedRedisFactory.class, name = "embedded"),
    @JsonSubTypes.Type(value = ExternalRedisFactory.class, name = "external")
})
public abstract class RedisFactory {

    @NotBlank
    @JsonProperty
    private String stream = "logpipe:entries";

    @NotBlank
    @JsonProperty
    private String group = "logpipe-writers";

    /**
     * Socket timeout for every command, blocking stream reads included; it must exceed the worker's lease wait, since
     * a blocking read holds the socket that long. Bounding blocking reads too keeps a worker from hanging for ever
     * on a connection that died silently.
     */
    @NotNull
    @JsonProperty
    private Duration timeout = Duration.seconds(10);

    /**
     * Connections in the client's pool, shared by ingest requests and the worker (whose blocking reads hold one each).
     * A request that finds none free waits at most {@code timeout}, then gets a 503.
     */
    @Min(2)
    @Max(1000)
    @JsonProperty
    private int poolSize = 32;

    /**
     * How long a leased record may stay unacknowledged before another worker's lease takes it over, so that entries a
     * dead worker held are written by the others. Must exceed the slowest batch write.
     */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration visibilityTimeout = Duration.minutes(2);

    /**
     * How many streams the queue spreads over, each with keys of its own in their own cluster slot (see
     * {@link RedisLogQueue}); a tenant's entries all go to one. 1 keeps the one stream named {@code stream}. Change it
     * only with the queue drained: a stream the new number does not name is not read.
     */
    @Min(1)
    @Max(RedisLogQueue.MAX_PARTITIONS)
    @JsonProperty
    private int partitions = RedisLogQueue.DEFAULT_PARTITIONS;

    @Valid
    @NotNull
    @JsonProperty
    private RedisTlsFactory tls = new RedisTlsFactory();

    public String getStream() {
        return stream;
    }

    public java.time.Duration visibilityTimeout() {
        return java.time.Duration.ofMillis(visibilityTimeout.toMilliseconds());
    }

    public int getPartitions() {
        return partitions;
    }

    public String getGroup() {
        return group;
    }

    public Duration getTimeout() {
        return timeout;
    }

    RedisTlsFactory tls() {
        return tls;
    }

    /** Whether {@code uri} asks for TLS, as {@code rediss://} does. */
    static boolean usesTls(URI uri) {
        return "rediss".equalsIgnoreCase(uri.getScheme());
    }

    /**
     * Opens Redis for the server and binds the queue to it: the client, and an embedded server this started, are closed
     * when the server stops, and the queue is health-checked as {@code redis}.
     *
     * @param maxDeliveries how often a record may be delivered before it is set aside (see {@link RedisLogQueue})
     * @param leaseLimits how the worker's leases are filled beyond their entry count
     * @param poolMetrics where the client's connection pool is reported
     */
    public RedisLogQueue build(Environment environment, int maxDeliveries, LeaseLimits leaseLimits,
            ConnectionPoolMetrics poolMetrics) throws Exception {
        RedisServerAddress address = open();
        environment.lifecycle().manage(ClosedOnStop.of(address));
        RedisClient client = client(address);
        environment.lifecycle().manage(ClosedOnStop.of(client));
        poolMetrics.setRedisPool(client.getPool());
        RedisLogQueue queue = queue(client, maxDeliveries, leaseLimits);
        environment.healthChecks().register("redis", new RedisHealthCheck(queue));
        return queue;
    }

    /**
     * Opens Redis for a one-shot command, such as {@code dead-letters list}, with the queue bound as the server binds
     * it; closing the result closes the client and stops an embedded server the command started.
     */
    public CommandQueue openForCommand(int maxDeliveries) throws Exception {
        RedisServerAddress address = open();
        RedisClient client;
        try {
            client = client(address);
        } catch (RuntimeException | Error e) {
            address.close();
            throw e;
        }
        AutoCloseable resources = () -> {
            try (address) {
                client.close();
            }
        };
        try {
            return new CommandQueue(queue(client, maxDeliveries, LeaseLimits.DEFAULT), resources);
        } catch (RuntimeException | Error e) {
            // A queue that cannot reach Redis fails here, and its client's pool must not outlive it.
            resources.close();
            throw e;
        }
    }

    private RedisLogQueue queue(RedisClient client, int maxDeliveries, LeaseLimits leaseLimits) {
        return new RedisLogQueue(client, stream, group, visibilityTimeout(), maxDeliveries, partitions, leaseLimits);
    }

    /** Starts or attaches to the embedded server, or just describes the external one. Close the result when done. */
    public abstract RedisServerAddress open() throws Exception;

    /** A one-line description for the startup log, without passwords. */
    public abstract String describe();

    /** A pooled client for the server at {@code address}. */
    public RedisClient client(RedisServerAddress address) {
        URI uri = address.uri();
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .timeoutMillis((int) timeout.toMilliseconds())
                .blockingSocketTimeoutMillis((int) timeout.toMilliseconds())
                .database(databaseIndex(uri))
                .clientName("logpipe");
        if (usesTls(uri)) {
            tls.applyTo(config);
        }
        String userInfo = uri.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                if (colon > 0) {
                    config.user(userInfo.substring(0, colon));
                }
                config.password(userInfo.substring(colon + 1));
            } else {
                config.password(userInfo);
            }
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(poolSize);
        pool.setMaxIdle(poolSize);
        // Without a bound, a request would wait for ever for a connection while Redis is slow or gone.
        pool.setMaxWait(java.time.Duration.ofMillis(timeout.toMilliseconds()));
        return RedisClient.builder()
                .hostAndPort(new HostAndPort(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort()))
                .clientConfig(config.build())
                .poolConfig(pool)
                .build();
    }

    private static int databaseIndex(URI uri) {
        String path = uri.getPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        return Integer.parseInt(path.substring(1));
    }
}
