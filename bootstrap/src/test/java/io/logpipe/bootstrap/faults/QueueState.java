package io.logpipe.bootstrap.faults;

import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.StreamPendingSummary;

/**
 * What logpipe's queue holds, read straight from Redis: the stream and consumer group that config.yml names. A record
 * is pending for a consumer from the lease that delivered it until it is acknowledged, and acknowledged records are
 * deleted, so an empty stream means every queued entry is stored.
 */
final class QueueState {
    private static final String STREAM = "logpipe:entries";
    private static final String GROUP = "logpipe-writers";

    private final RedisServer redis;

    QueueState(RedisServer redis) {
        this.redis = redis;
    }

    /**
     * Records pending for the worker process whose consumer name is {@code consumerName}: its threads' consumers are
     * named {@code <consumerName>-<n>}.
     */
    long pendingOf(String consumerName) {
        return pendingByConsumer().entrySet().stream()
                .filter(consumer -> consumer.getKey().equals(consumerName)
                        || consumer.getKey().startsWith(consumerName + "-"))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /**
     * Adds a record to the stream as ingest writes one, a batch document and its entry count, but without any of
     * ingest's checks, so it may hold entries that ingest would refuse.
     */
    void addRecord(String batch, int entries) {
        try (Jedis jedis = redis.connect()) {
            jedis.xadd(STREAM, StreamEntryID.NEW_ENTRY, Map.of("batch", batch, "n", Integer.toString(entries)));
        }
    }

    /** True when the stream holds no record, pending or not. */
    boolean isEmpty() {
        try (Jedis jedis = redis.connect()) {
            return jedis.xlen(STREAM) == 0;
        }
    }

    /** Records in the stream, pending or not, and how many of them are pending, for failure messages. */
    String describe() {
        try (Jedis jedis = redis.connect()) {
            return jedis.xlen(STREAM) + " record(s) in " + STREAM + ", pending by consumer: " + pendingByConsumer();
        }
    }

    private Map<String, Long> pendingByConsumer() {
        try (Jedis jedis = redis.connect()) {
            StreamPendingSummary summary = jedis.xpending(STREAM, GROUP);
            return summary.getConsumerMessageCount() == null ? Map.of() : summary.getConsumerMessageCount();
        } catch (JedisDataException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("NOGROUP")) {
                return Map.of(); // no worker has created the group yet
            }
            throw e;
        }
    }
}
