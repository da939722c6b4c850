package io.logpipe.redis;

import io.logpipe.domain.Lease;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogQueue;
import io.logpipe.domain.QueueUnavailableException;
import io.logpipe.redis.LogEntryCodec.UndecodableEntryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * {@link LogQueue} on a Redis stream read through a consumer group.
 *
 * <p>Each entry is one stream message whose {@code entry} field holds the entry as JSON. The consumer group
 * remembers what each consumer has read but not acknowledged (its pending entries), which is how a restarted worker
 * with the same name resumes. Acknowledging deletes the messages, so the stream holds exactly the entries not yet
 * stored: it does not grow without bound, and its length is the {@link #backlog()}.
 *
 * <p>A message that cannot be decoded would be delivered again on every lease and hold its consumer up for good, so it
 * is moved to the dead-letter stream {@code <stream>:dead}, with its raw fields plus {@code reason} and
 * {@code original_id}, logged as an error, and left out of the lease.
 *
 * <p><b>Blocking reads.</b> A {@link #lease} with a wait blocks in Redis ({@code XREADGROUP ... BLOCK}) and holds one
 * connection of the client meanwhile, so size the client's pool for the workers on top of ingest. The client's socket
 * timeout must exceed the longest lease wait, or the read fails with a timeout although Redis is healthy. Jedis reads
 * blocking commands under its own {@code blockingSocketTimeoutMillis}, not the ordinary socket timeout; it defaults to
 * none at all, which is safe from false timeouts but lets a lease hang forever on a connection that died silently,
 * so set it to the lease wait plus a margin.
 *
 * <p><b>Redis Cluster.</b> Enqueue, acknowledge and dead-lettering run in MULTI/EXEC, which needs all keys in one slot:
 * give the stream a hash tag, such as {@code {logpipe}:entries}, so its dead-letter stream lands beside it.
 *
 * <p>Thread-safe when the client is, as {@code RedisClient} is: the queue keeps no state besides its names.
 */
public final class RedisLogQueue implements LogQueue {
    static final String ENTRY_FIELD = "entry";
    static final String REASON_FIELD = "reason";
    static final String ORIGINAL_ID_FIELD = "original_id";
    static final String DEAD_LETTER_SUFFIX = ":dead";

    private static final Logger LOG = LoggerFactory.getLogger(RedisLogQueue.class);

    /** Where a new group starts: before the first message, so entries queued before the group existed are read. */
    private static final StreamEntryID FIRST_MESSAGE = new StreamEntryID(0, 0);
    /** Reading a group from id 0 returns the consumer's own pending messages, not new ones. */
    private static final StreamEntryID OWN_PENDING = new StreamEntryID(0, 0);
    private static final StreamEntryID UNDELIVERED = StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY;
    /** BLOCK takes an int of milliseconds. */
    private static final Duration LONGEST_BLOCK = Duration.ofMillis(Integer.MAX_VALUE);

    private final UnifiedJedis redis;
    private final String stream;
    private final String deadLetterStream;
    private final String group;
    private final LogEntryCodec codec = new LogEntryCodec();

    /**
     * Binds to the stream and creates the consumer group if it is missing (and the stream with it). The group starts
     * at the stream's first message, so entries queued before it existed are delivered too.
     *
     * @param redis the client, such as a {@code RedisClient}; the queue uses it but does not close it
     * @param stream the stream key, such as {@code logpipe:entries}
     * @param group the consumer group the workers share, such as {@code logpipe-writers}
     * @throws QueueUnavailableException if Redis cannot be reached or refuses to create the group
     */
    public RedisLogQueue(UnifiedJedis redis, String stream, String group) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.stream = requireName(stream, "stream");
        this.group = requireName(group, "group");
        this.deadLetterStream = stream + DEAD_LETTER_SUFFIX;
        try {
            createGroupIfMissing();
        } catch (JedisException e) {
            throw unavailable("create consumer group " + group, e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>All messages are added in one MULTI/EXEC. They all go to one key, so Redis either appends all or none.
     * An empty list does nothing.
     *
     * @throws IllegalArgumentException if an entry has an attribute that JSON cannot hold
     */
    @Override
    public void enqueue(List<LogEntry> entries) {
        List<Map<String, String>> messages = entries.stream()
                .map(entry -> Map.of(ENTRY_FIELD, codec.encode(entry)))
                .toList();
        if (messages.isEmpty()) {
            return;
        }
        try {
            atomically("enqueue", tx -> messages.stream()
                    .map(message -> tx.xadd(stream, StreamEntryID.NEW_ENTRY, message))
                    .toList());
        } catch (JedisException e) {
            throw unavailable("enqueue", e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The receipts are the stream message ids. Undecodable messages are dead-lettered on the way, so a lease may
     * hold fewer than {@code maxEntries} while more are queued; when a read finds nothing but such messages, it reads
     * again rather than return an empty lease.
     */
    @Override
    public Lease lease(String consumer, int maxEntries, Duration wait) {
        Objects.requireNonNull(consumer, "consumer");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        if (wait.isNegative()) {
            throw new IllegalArgumentException("wait must not be negative, was " + wait);
        }
        long deadline = System.nanoTime() + (wait.compareTo(LONGEST_BLOCK) > 0 ? LONGEST_BLOCK : wait).toNanos();
        try {
            while (true) {
                List<StreamEntry> messages = read(consumer, maxEntries, OWN_PENDING, 0);
                if (messages.isEmpty()) {
                    messages = read(consumer, maxEntries, UNDELIVERED, millisUntil(deadline));
                }
                if (messages.isEmpty()) {
                    return Lease.empty(consumer);
                }
                Lease lease = decode(consumer, messages);
                if (!lease.isEmpty()) {
                    return lease;
                }
            }
        } catch (JedisException e) {
            throw unavailable("lease", e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Acknowledges and deletes the messages in one MULTI/EXEC, so an entry leaves Redis only once acknowledged.
     *
     * @throws IllegalArgumentException if a receipt is not a stream message id, so the lease came from another queue
     */
    @Override
    public void acknowledge(Lease lease) {
        if (lease.isEmpty()) {
            return;
        }
        StreamEntryID[] ids = lease.receipts().stream().map(StreamEntryID::new).toArray(StreamEntryID[]::new);
        try {
            atomically("acknowledge", tx -> List.of(tx.xack(stream, group, ids), tx.xdel(stream, ids)));
        } catch (JedisException e) {
            throw unavailable("acknowledge", e);
        }
    }

    /**
     * How many entries were accepted and not yet acknowledged, leased or not.
     *
     * @throws QueueUnavailableException if Redis cannot be asked
     */
    public long backlog() {
        try {
            return redis.xlen(stream);
        } catch (JedisException e) {
            throw unavailable("read backlog", e);
        }
    }

    /**
     * How many messages wait in the dead-letter stream for someone to look at them. Nothing here removes them.
     *
     * @throws QueueUnavailableException if Redis cannot be asked
     */
    public long deadLetters() {
        try {
            return redis.xlen(deadLetterStream);
        } catch (JedisException e) {
            throw unavailable("count dead letters", e);
        }
    }

    /**
     * Checks that Redis answers, for a health check.
     *
     * @throws QueueUnavailableException if Redis does not answer PONG
     */
    public void ping() {
        String reply;
        try {
            reply = redis.ping();
        } catch (JedisException e) {
            throw unavailable("ping", e);
        }
        if (!"PONG".equals(reply)) {
            throw new QueueUnavailableException("Redis answered PING with '" + reply + "'", null);
        }
    }

    private void createGroupIfMissing() {
        try {
            redis.xgroupCreate(stream, group, FIRST_MESSAGE, true);
        } catch (JedisDataException e) {
            if (!hasErrorCode(e, "BUSYGROUP")) {
                throw e;
            }
        }
    }

    private List<StreamEntry> read(String consumer, int count, StreamEntryID from, int blockMillis) {
        XReadGroupParams params = XReadGroupParams.xReadGroupParams().count(count);
        if (blockMillis > 0) {
            params.block(blockMillis); // only when positive: BLOCK 0 would wait forever
        }
        List<Map.Entry<String, List<StreamEntry>>> reply;
        try {
            reply = redis.xreadGroup(group, consumer, params, Map.of(stream, from));
        } catch (JedisDataException e) {
            if (!hasErrorCode(e, "NOGROUP")) {
                throw e;
            }
            // The stream lost its group, as when a Redis that does not persist restarts; what was queued since
            // is still there to deliver once the group is back.
            LOG.warn("Consumer group {} of stream {} is missing; creating it again", group, stream);
            createGroupIfMissing();
            reply = redis.xreadGroup(group, consumer, params, Map.of(stream, from));
        }
        return reply == null || reply.isEmpty() ? List.of() : reply.get(0).getValue();
    }

    private Lease decode(String consumer, List<StreamEntry> messages) {
        List<String> receipts = new ArrayList<>(messages.size());
        List<LogEntry> entries = new ArrayList<>(messages.size());
        for (StreamEntry message : messages) {
            if (message.getFields() == null) {
                forgetDeleted(message.getID());
                continue;
            }
            try {
                entries.add(codec.decode(message.getFields().get(ENTRY_FIELD)));
                receipts.add(message.getID().toString());
            } catch (UndecodableEntryException e) {
                deadLetter(message, e.getMessage());
            }
        }
        return new Lease(consumer, receipts, entries);
    }

    /**
     * A pending message deleted behind the group's back (XDEL, XTRIM) comes back without fields. There is nothing
     * left to deliver, and left pending it would come back on every lease.
     */
    private void forgetDeleted(StreamEntryID id) {
        LOG.warn("Pending message {} of stream {} was deleted before it was acknowledged; dropping it", id, stream);
        redis.xack(stream, group, id);
    }

    private void deadLetter(StreamEntry message, String reason) {
        StreamEntryID id = message.getID();
        Map<String, String> fields = new LinkedHashMap<>(message.getFields());
        fields.put(REASON_FIELD, reason);
        fields.put(ORIGINAL_ID_FIELD, id.toString());
        atomically("dead-letter", tx -> List.of(
                tx.xadd(deadLetterStream, StreamEntryID.NEW_ENTRY, fields),
                tx.xack(stream, group, id),
                tx.xdel(stream, id)));
        LOG.error("Moved undecodable message {} of stream {} to {}: {}", id, stream, deadLetterStream, reason);
    }

    /**
     * Runs commands in one MULTI/EXEC and insists Redis carried out each. EXEC reports a failed command as an error
     * in its reply list, not by throwing, and still runs the others; an unchecked reply would pass a failure off as
     * success.
     */
    private void atomically(String operation, Function<AbstractTransaction, List<? extends Response<?>>> commands) {
        int queued;
        List<Object> replies;
        try (AbstractTransaction tx = redis.multi()) {
            queued = commands.apply(tx).size();
            replies = tx.exec();
        }
        if (replies == null || replies.size() != queued) {
            throw new QueueUnavailableException("Redis stream " + stream + ": " + operation
                    + " was not confirmed: " + queued + " commands, replies " + replies, null);
        }
        for (Object reply : replies) {
            if (reply instanceof Exception failure) {
                throw new QueueUnavailableException("Redis stream " + stream + ": " + operation
                        + " failed: " + failure.getMessage(), failure);
            }
        }
    }

    private QueueUnavailableException unavailable(String operation, JedisException cause) {
        return new QueueUnavailableException(
                "Redis stream " + stream + ": " + operation + " failed: " + cause.getMessage(), cause);
    }

    private static int millisUntil(long deadlineNanos) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        return (int) Math.max(0, left);
    }

    private static boolean hasErrorCode(JedisDataException e, String code) {
        return e.getMessage() != null && e.getMessage().startsWith(code);
    }

    private static String requireName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return name;
    }
}
