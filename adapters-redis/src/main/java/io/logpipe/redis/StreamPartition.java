package io.logpipe.redis;

import io.logpipe.domain.DeadLetter;
import io.logpipe.domain.IdempotencyClaim;
import io.logpipe.domain.QueueFullException;
import io.logpipe.domain.QueueUnavailableException;
import io.logpipe.redis.LogEntryCodec.UndecodableEntryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamPendingEntry;

/**
 * One stream of a {@link RedisLogQueue} with its keys and its consumer group: everything the queue does that touches
 * one partition, each step one script or command on the partition's keys alone, so in a cluster on one slot. See
 * {@link RedisLogQueue} for what the steps mean; this class only knows its own partition.
 *
 * <p>Thread-safe when the client is; its one piece of state, when to look for abandoned records next, is volatile.
 */
final class StreamPartition {
    /** The queue's own category, as before partitions, so that logging set up for it still applies. */
    private static final Logger LOG = LoggerFactory.getLogger(RedisLogQueue.class);

    /** Where a new group starts: before the first record, so entries queued before the group existed are read. */
    private static final StreamEntryID FIRST_RECORD = new StreamEntryID(0, 0);
    /** Reading a group from an id returns the consumer's own pending records after it, not new ones. */
    private static final StreamEntryID OWN_PENDING = new StreamEntryID(0, 0);
    private static final StreamEntryID UNDELIVERED = StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY;

    private final UnifiedJedis redis;
    private final int index;
    private final QueuePartitions layout;
    private final QueueKeys keys;
    private final String group;
    private final LogEntryCodec codec;
    private final QueueScripts scripts;
    private final Duration visibilityTimeout;
    private final int maxDeliveries;
    /** When leases look for abandoned records next (System.nanoTime); racing threads at worst look twice. */
    private volatile long nextAbandonedCheck = System.nanoTime();

    StreamPartition(UnifiedJedis redis, QueuePartitions layout, int index, String group, LogEntryCodec codec,
            Duration visibilityTimeout, int maxDeliveries) {
        this.redis = redis;
        this.index = index;
        this.layout = layout;
        this.keys = layout.keys().get(index);
        this.group = group;
        this.codec = codec;
        this.scripts = new QueueScripts(redis, keys.stream());
        this.visibilityTimeout = visibilityTimeout;
        this.maxDeliveries = maxDeliveries;
    }

    QueueKeys keys() {
        return keys;
    }

    /**
     * Creates the consumer group if it is missing (and the stream with it), and the backlog counter.
     *
     * @throws QueueUnavailableException if Redis cannot be reached or refuses
     */
    void start() {
        try {
            createGroupIfMissing();
            scripts.run(QueueScripts.START_BACKLOG, List.of(keys.stream(), keys.backlog()), List.of());
        } catch (JedisException e) {
            throw unavailable("create consumer group " + group + " and backlog counter", e);
        }
    }

    /**
     * Adds the records, and records the claim if there is one, unless the claim is taken or the counter has reached
     * {@code limit}.
     *
     * @return the claim recorded earlier, if any; then nothing was added
     * @throws QueueFullException if the partition holds {@code limit} entries or more
     */
    Optional<IdempotencyClaim> enqueue(List<QueueRecord> records, int entries, long limit, IdempotencyClaim claim) {
        List<String> scriptKeys = claim == null
                ? List.of(keys.stream(), keys.backlog())
                : List.of(keys.stream(), keys.backlog(), keys.claim(claim.tenant(), claim.key()));
        List<String> args = new ArrayList<>(4 + 2 * records.size());
        args.add(Long.toString(limit));
        args.add(Integer.toString(entries));
        args.add(claim == null ? "" : ClaimText.write(claim));
        args.add(claim == null ? "" : Long.toString(retentionMillis(claim.retention())));
        for (QueueRecord record : records) {
            args.add(record.batch());
            args.add(Integer.toString(record.entryCount()));
        }
        List<?> reply;
        try {
            reply = (List<?>) scripts.run(QueueScripts.ENQUEUE, scriptKeys, args);
        } catch (JedisException e) {
            throw unavailable("enqueue", e);
        }
        return switch ((String) reply.get(0)) {
            case "queued" -> Optional.empty();
            case "full" -> throw new QueueFullException((Long) reply.get(1), limit);
            case "claimed" -> Optional.of(storedClaim(claim, (String) reply.get(1)));
            default -> throw new IllegalStateException("script " + QueueScripts.ENQUEUE.name() + " answered " + reply);
        };
    }

    /**
     * Fills the lease from this partition: own pending records, then abandoned ones, then new ones, waiting for the
     * first new one until {@code deadline} (System.nanoTime; one in the past waits not at all).
     */
    void lease(LeaseBuilder lease, long deadline) {
        try {
            takeOwnPending(lease);
            if (lease.isEmpty()) {
                takeAbandoned(lease);
            }
            if (lease.isEmpty()) {
                takeNew(lease, deadline);
            }
        } catch (JedisException e) {
            throw unavailable("lease", e);
        }
    }

    /** Fills the lease with new records only, waiting for the first until {@code deadline}. */
    void waitForNew(LeaseBuilder lease, long deadline) {
        try {
            takeNew(lease, deadline);
        } catch (JedisException e) {
            throw unavailable("lease", e);
        }
    }

    /**
     * Acknowledges and deletes the records, takes their entries off the backlog, and sets the dead letters aside if
     * the records were still pending, in one script.
     *
     * @param recordIds record ids of this partition's stream, checked to be such
     */
    void acknowledge(List<String> recordIds, List<DeadLetter> deadLetters) {
        List<String> args = new ArrayList<>(recordIds.size() + 2 + 5 * deadLetters.size());
        args.add(group);
        args.add(String.valueOf(recordIds.size()));
        args.addAll(recordIds);
        for (DeadLetter letter : deadLetters) {
            args.add(codec.encode(List.of(letter.entry())).get(0).batch());
            args.add(letter.reason());
            args.add(letter.code());
            args.add(String.valueOf(letter.deliveries()));
            args.add(letter.entry().tenant());
        }
        try {
            scripts.run(QueueScripts.ACKNOWLEDGE, List.of(keys.stream(), keys.backlog(), keys.deadLetters()), args);
        } catch (JedisException e) {
            throw unavailable("acknowledge", e);
        }
        for (DeadLetter letter : deadLetters) {
            // Fields of their own in JSON logs, so dead letters can be counted by tenant and code.
            try (MDC.MDCCloseable tenant = MDC.putCloseable("tenant", letter.entry().tenant());
                    MDC.MDCCloseable code = MDC.putCloseable("code", letter.code())) {
                LOG.warn("Set aside entry {} of tenant {} in {}: {} (code {})", letter.entry().id(),
                        letter.entry().tenant(), keys.deadLetters(), letter.reason(), letter.code());
            }
        }
    }

    /** The backlog counter, never below zero. */
    long backlog() {
        String counter;
        try {
            counter = redis.get(keys.backlog());
        } catch (JedisException e) {
            throw unavailable("read backlog", e);
        }
        try {
            return counter == null ? 0 : Math.max(0, Long.parseLong(counter));
        } catch (NumberFormatException e) {
            throw new QueueUnavailableException("backlog counter " + keys.backlog() + " holds '" + counter + "'", e);
        }
    }

    long deadLetters() {
        try {
            return redis.xlen(keys.deadLetters());
        } catch (JedisException e) {
            throw unavailable("count dead letters", e);
        }
    }

    /** How long ago, by the id of the stream's first record, the oldest record was added; zero for none. */
    Duration oldestEntryAge() {
        List<StreamEntry> first;
        try {
            first = redis.xrange(keys.stream(), (StreamEntryID) null, (StreamEntryID) null, 1);
        } catch (JedisException e) {
            throw unavailable("read the oldest record", e);
        }
        if (first == null || first.isEmpty()) {
            return Duration.ZERO;
        }
        long ageMillis = System.currentTimeMillis() - first.get(0).getID().getTime();
        return Duration.ofMillis(Math.max(0, ageMillis));
    }

    QueueUnavailableException unavailable(String operation, JedisException cause) {
        return new QueueUnavailableException(
                "Redis stream " + keys.stream() + ": " + operation + " failed: " + cause.getMessage(), cause);
    }

    private IdempotencyClaim storedClaim(IdempotencyClaim claim, String text) {
        try {
            return ClaimText.read(claim.tenant(), claim.key(), text);
        } catch (IllegalArgumentException e) {
            throw new QueueUnavailableException("Redis stream " + keys.stream() + ": the idempotency claim under "
                    + keys.claim(claim.tenant(), claim.key()) + " cannot be read", e);
        }
    }

    /**
     * Then records other consumers leased and left unacknowledged for longer than the visibility timeout: their worker
     * died or hangs, and under a name that may never come back (a container's host name changes with each start).
     * Looked for at most four times per visibility timeout.
     */
    private void takeAbandoned(LeaseBuilder lease) {
        // Records only become abandoned after a visibility timeout, so looking a few times per timeout is enough,
        // and the worker's lease loop is spared a round trip per batch.
        long now = System.nanoTime();
        if (now - nextAbandonedCheck < 0) {
            return;
        }
        nextAbandonedCheck = now + visibilityTimeout.toNanos() / 4;
        Map.Entry<StreamEntryID, List<StreamEntry>> claimed;
        try {
            claimed = redis.xautoclaim(keys.stream(), group, lease.consumer(), visibilityTimeout.toMillis(),
                    FIRST_RECORD, XAutoClaimParams.xAutoClaimParams().count(lease.recordsToRead()));
        } catch (JedisDataException e) {
            if (hasErrorCode(e, "NOGROUP")) {
                return; // nothing is pending in a group that is gone; reading new records makes it again
            }
            throw e;
        }
        List<StreamEntry> records = claimed == null ? List.of() : claimed.getValue();
        if (!records.isEmpty()) {
            LOG.warn("Consumer {} took over {} record(s) of stream {} left unacknowledged for over {}",
                    lease.consumer(), records.size(), keys.stream(), visibilityTimeout);
            takeRedelivered(lease, records);
        }
        removeIdleConsumers();
    }

    /**
     * Consumers come and go with worker processes (their names hold the process id), and the group would keep every
     * one for ever. One with nothing pending, idle past the visibility timeout, is gone or will be recreated by its
     * next read; the script checks and removes in one step, so a consumer that has just leased is never removed with
     * its pending records.
     */
    private void removeIdleConsumers() {
        Object removed = scripts.run(QueueScripts.REMOVE_IDLE_CONSUMERS, List.of(keys.stream()),
                List.of(group, String.valueOf(visibilityTimeout.toMillis())));
        if (removed instanceof Long count && count > 0) {
            LOG.info("Removed {} idle consumer(s) with nothing pending from group {} of stream {}", count, group,
                    keys.stream());
        }
    }

    /**
     * Records delivered before, taken as {@link #take} does, but one delivered more than the most deliveries allowed
     * is set aside as a dead letter instead: whatever it holds has failed every worker that took it.
     */
    private void takeRedelivered(LeaseBuilder lease, List<StreamEntry> records) {
        Map<StreamEntryID, Long> deliveries = new HashMap<>();
        List<StreamPendingEntry> pending = redis.xpending(keys.stream(), group, XPendingParams.xPendingParams(
                records.get(0).getID(), records.get(records.size() - 1).getID(), records.size())
                .consumer(lease.consumer()));
        for (StreamPendingEntry entry : pending) {
            deliveries.put(entry.getID(), entry.getDeliveredTimes());
        }
        List<StreamEntry> deliverable = new ArrayList<>(records.size());
        for (StreamEntry record : records) {
            long delivered = deliveries.getOrDefault(record.getID(), 1L);
            if (delivered > maxDeliveries && record.getFields() != null) {
                deadLetter(record.getID(), "delivered " + delivered + " times without being stored", delivered);
            } else {
                deliverable.add(record);
            }
        }
        take(lease, deliverable);
    }

    /** Own pending records first: those a crash or a failed write left unacknowledged. */
    private void takeOwnPending(LeaseBuilder lease) {
        StreamEntryID after = OWN_PENDING;
        while (!lease.isFull()) {
            int count = lease.recordsToRead();
            List<StreamEntry> records = read(lease, count, after, 0);
            if (records.isEmpty()) {
                return;
            }
            after = records.get(records.size() - 1).getID();
            takeRedelivered(lease, records);
            if (records.size() < count) {
                return;
            }
        }
    }

    /**
     * New records, waiting for the first until the deadline; then for more only as long as the lease's linger lasts,
     * and with no linger only as far as they are there already.
     */
    private void takeNew(LeaseBuilder lease, long deadline) {
        while (!lease.isFull()) {
            int count = lease.recordsToRead();
            int block = lease.isEmpty() ? millisUntil(deadline) : lease.millisToLinger();
            List<StreamEntry> records = read(lease, count, UNDELIVERED, block);
            if (records.isEmpty()) {
                return;
            }
            take(lease, records);
            if (records.size() < count && !lease.isEmpty() && lease.millisToLinger() == 0) {
                return;
            }
        }
    }

    /** Records read past a full lease are not taken: they stay pending and come back first on the next lease. */
    private void take(LeaseBuilder lease, List<StreamEntry> records) {
        for (StreamEntry record : records) {
            if (lease.isFull()) {
                return;
            }
            if (record.getFields() == null) {
                forgetDeleted(record.getID());
                continue;
            }
            try {
                lease.add(layout.receipt(index, record.getID().toString()), codec.decode(record.getFields()),
                        textLength(record.getFields()));
            } catch (UndecodableEntryException e) {
                deadLetter(record.getID(), e.getMessage(), 1);
            }
        }
    }

    private static long textLength(Map<String, String> fields) {
        long length = 0;
        for (String value : fields.values()) {
            length += value.length();
        }
        return length;
    }

    private void createGroupIfMissing() {
        try {
            redis.xgroupCreate(keys.stream(), group, FIRST_RECORD, true);
        } catch (JedisDataException e) {
            if (!hasErrorCode(e, "BUSYGROUP")) {
                throw e;
            }
        }
    }

    private List<StreamEntry> read(LeaseBuilder lease, int count, StreamEntryID from, int blockMillis) {
        XReadGroupParams params = XReadGroupParams.xReadGroupParams().count(count);
        if (blockMillis > 0) {
            params.block(blockMillis); // only when positive: BLOCK 0 would wait forever
        }
        String consumer = lease.consumer();
        List<Map.Entry<String, List<StreamEntry>>> reply;
        try {
            reply = redis.xreadGroup(group, consumer, params, Map.of(keys.stream(), from));
        } catch (JedisDataException e) {
            if (!hasErrorCode(e, "NOGROUP")) {
                throw e;
            }
            // The stream lost its group, as when a Redis that does not persist restarts; what was queued since
            // is still there to deliver once the group is back.
            LOG.warn("Consumer group {} of stream {} is missing; creating it again", group, keys.stream());
            createGroupIfMissing();
            reply = redis.xreadGroup(group, consumer, params, Map.of(keys.stream(), from));
        }
        return reply == null || reply.isEmpty() ? List.of() : reply.get(0).getValue();
    }

    /**
     * A pending record deleted behind the group's back (XDEL, XTRIM) comes back without fields. There is nothing
     * left to deliver, and left pending it would come back on every lease.
     */
    private void forgetDeleted(StreamEntryID id) {
        LOG.warn("Pending record {} of stream {} was deleted before it was acknowledged; dropping it",
                id, keys.stream());
        redis.xack(keys.stream(), group, id);
    }

    private void deadLetter(StreamEntryID id, String reason, long deliveries) {
        scripts.run(QueueScripts.DEAD_LETTER, List.of(keys.stream(), keys.backlog(), keys.deadLetters()),
                List.of(group, id.toString(), reason, String.valueOf(deliveries)));
        LOG.warn("Set aside record {} of stream {} in {}: {}", id, keys.stream(), keys.deadLetters(), reason);
    }

    /** PX takes whole milliseconds; rounding up keeps a claim at least as long as asked. */
    private static long retentionMillis(Duration retention) {
        long millis = retention.toMillis();
        return retention.equals(Duration.ofMillis(millis)) ? millis : millis + 1;
    }

    static int millisUntil(long deadlineNanos) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        return (int) Math.max(0, left);
    }

    private static boolean hasErrorCode(JedisDataException e, String code) {
        return e.getMessage() != null && e.getMessage().startsWith(code);
    }
}
