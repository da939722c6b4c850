package io.logpipe.redis;

import io.logpipe.domain.DeadLetter;
import io.logpipe.domain.IdempotencyClaim;
import io.logpipe.domain.Lease;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogQueue;
import io.logpipe.domain.QueueFullException;
import io.logpipe.domain.QueueUnavailableException;
import io.logpipe.redis.LogEntryCodec.UndecodableEntryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * {@link LogQueue} on a Redis stream read through a consumer group.
 *
 * <p>Each {@link #enqueue} writes its entries as one stream record, or several for many or large entries: a record's
 * {@code batch} field holds a JSON document of up to a thousand entries and about a megabyte, its {@code n} field how
 * many (see {@link LogEntryCodec}). The consumer group remembers which records each consumer has read but not
 * acknowledged (its pending records), which is how a restarted worker with the same name resumes. Acknowledging
 * deletes the records, so the stream holds exactly the entries not yet stored and does not grow without bound. A
 * counter beside it, {@code <stream>:backlog}, holds how many entries that is: the {@link #backlog()} that
 * backpressure compares with its limit.
 *
 * <p>Every step that changes more than one thing is one Lua script (see {@link QueueScripts}), so it is atomic and
 * one round trip: enqueue checks the counter, adds the records and counts them; enqueue-once first looks for the
 * claim under {@code <stream>:idem:<tenant>:<key>} and records it, expiring after its retention; acknowledging
 * takes a record off the counter only if it was still pending, so acknowledging twice counts once.
 *
 * <p>A record that cannot be decoded would be delivered again on every lease and hold its consumer up for good, so it
 * is moved to the dead-letter stream {@code <stream>:dead}, with its raw fields plus {@code reason} and
 * {@code original_id}, logged as an error, and left out of the lease. Entries the store refused go there too, each as
 * a record of one entry with {@code reason}, {@code code}, {@code deliveries} and {@code tenant}, when their lease is
 * acknowledged. {@link #deadLetterStore()} lists, replays and purges them.
 *
 * <p><b>Upgrading</b> from the release that wrote one record per entry (field {@code entry}) needs nothing: those
 * records are still read, and a queue without a counter starts one from the stream's length. Stop the old release's
 * ingest first: the records it writes meanwhile are not counted, so the backlog reads low until the stream next runs
 * empty, which resets the counter.
 *
 * <p><b>Blocking reads.</b> A {@link #lease} with a wait blocks in Redis ({@code XREADGROUP ... BLOCK}) and holds one
 * connection of the client meanwhile, so size the client's pool for the workers on top of ingest. The client's socket
 * timeout must exceed the longest lease wait, or the read fails with a timeout although Redis is healthy. Jedis reads
 * blocking commands under its own {@code blockingSocketTimeoutMillis}, not the ordinary socket timeout; it defaults to
 * none at all, which is safe from false timeouts but lets a lease hang forever on a connection that died silently,
 * so set it to the lease wait plus a margin.
 *
 * <p><b>Redis Cluster.</b> A script may only touch keys of one slot: give the stream a hash tag, such as
 * {@code {logpipe}:entries}, so its counter, dead-letter stream and claims land beside it.
 *
 * <p>Thread-safe when the client is, as {@code RedisClient} is: the queue keeps no state besides its names.
 */
public final class RedisLogQueue implements LogQueue {
    private static final Logger LOG = LoggerFactory.getLogger(RedisLogQueue.class);

    /** Where a new group starts: before the first record, so entries queued before the group existed are read. */
    private static final StreamEntryID FIRST_RECORD = new StreamEntryID(0, 0);
    /** Reading a group from an id returns the consumer's own pending records after it, not new ones. */
    private static final StreamEntryID OWN_PENDING = new StreamEntryID(0, 0);
    private static final StreamEntryID UNDELIVERED = StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY;
    /** BLOCK takes an int of milliseconds. */
    private static final Duration LONGEST_BLOCK = Duration.ofMillis(Integer.MAX_VALUE);
    private static final Pattern RECORD_ID = Pattern.compile("\\d+-\\d+");
    /** Far longer than a batch takes to write, short enough that entries left by a dead worker wait minutes, not days. */
    public static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofMinutes(2);
    /** Enough for a few crashes and takeovers in a row; a record that kills every worker is set aside after these. */
    public static final int DEFAULT_MAX_DELIVERIES = 10;

    private final UnifiedJedis redis;
    private final QueueKeys keys;
    private final String group;
    private final LogEntryCodec codec;
    private final QueueScripts scripts;
    private final Duration visibilityTimeout;
    private final int maxDeliveries;
    /** When leases look for abandoned records next (System.nanoTime); racing threads at worst look twice. */
    private volatile long nextAbandonedCheck = System.nanoTime();

    /**
     * Binds to the stream and creates the consumer group if it is missing (and the stream with it), and the backlog
     * counter. The group starts at the stream's first record, so entries queued before it existed are delivered too.
     *
     * @param redis the client, such as a {@code RedisClient}; the queue uses it but does not close it
     * @param stream the stream key, such as {@code logpipe:entries}
     * @param group the consumer group the workers share, such as {@code logpipe-writers}
     * @throws QueueUnavailableException if Redis cannot be reached or refuses to create the group
     */
    public RedisLogQueue(UnifiedJedis redis, String stream, String group) {
        this(redis, stream, group, DEFAULT_VISIBILITY_TIMEOUT);
    }

    /**
     * As {@link #RedisLogQueue(UnifiedJedis, String, String)}, with how long a leased record may stay unacknowledged
     * before another consumer's lease takes it over.
     *
     * @param visibilityTimeout longer than the slowest write of a batch, or two consumers write the same records
     *     (harmless, as writes are idempotent, but wasted)
     */
    public RedisLogQueue(UnifiedJedis redis, String stream, String group, Duration visibilityTimeout) {
        this(redis, stream, group, visibilityTimeout, DEFAULT_MAX_DELIVERIES);
    }

    /**
     * As {@link #RedisLogQueue(UnifiedJedis, String, String, Duration)}, with how often a record may be delivered
     * without being acknowledged before a lease sets it aside as a dead letter instead of delivering it again.
     *
     * @param maxDeliveries at least 2, so that one crash does not make a dead letter
     */
    public RedisLogQueue(UnifiedJedis redis, String stream, String group, Duration visibilityTimeout,
            int maxDeliveries) {
        this(redis, stream, group, new LogEntryCodec(), visibilityTimeout, maxDeliveries);
    }

    RedisLogQueue(UnifiedJedis redis, String stream, String group, LogEntryCodec codec) {
        this(redis, stream, group, codec, DEFAULT_VISIBILITY_TIMEOUT, DEFAULT_MAX_DELIVERIES);
    }

    RedisLogQueue(UnifiedJedis redis, String stream, String group, LogEntryCodec codec, Duration visibilityTimeout,
            int maxDeliveries) {
        if (visibilityTimeout.isNegative() || visibilityTimeout.isZero()) {
            throw new IllegalArgumentException("visibilityTimeout must be positive, was " + visibilityTimeout);
        }
        if (maxDeliveries < 2) {
            throw new IllegalArgumentException("maxDeliveries must be at least 2, was " + maxDeliveries);
        }
        this.visibilityTimeout = visibilityTimeout;
        this.maxDeliveries = maxDeliveries;
        this.redis = Objects.requireNonNull(redis, "redis");
        this.keys = new QueueKeys(requireName(stream, "stream"));
        this.group = requireName(group, "group");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.scripts = new QueueScripts(redis, stream);
        try {
            createGroupIfMissing();
            scripts.run(QueueScripts.START_BACKLOG, List.of(keys.stream(), keys.backlog()), List.of());
        } catch (JedisException e) {
            throw unavailable("create consumer group " + group + " and backlog counter", e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code entries} is empty
     */
    @Override
    public void enqueue(List<LogEntry> entries, long maxBacklog) {
        add(entries, maxBacklog, null);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The claim is kept for its retention rounded up to a whole millisecond, and comes back equal to the claim
     * recorded, receive time to the nanosecond.
     *
     * @throws IllegalArgumentException if {@code entries} is empty
     */
    @Override
    public Optional<IdempotencyClaim> enqueueOnce(List<LogEntry> entries, long maxBacklog, IdempotencyClaim claim) {
        return add(entries, maxBacklog, Objects.requireNonNull(claim, "claim"));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The receipts are the stream record ids. A lease of redelivered records holds only those, no new ones.
     * Records read beyond what fills a lease stay pending for the consumer and open its next lease.
     * Undecodable records are dead-lettered on the way, so a lease may hold fewer entries than asked for while more are
     * queued; when a read finds nothing but such records, it reads again rather than return an empty lease.
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
        LeaseBuilder lease = new LeaseBuilder(consumer, maxEntries);
        try {
            takeOwnPending(lease);
            if (lease.isEmpty()) {
                takeAbandoned(lease);
            }
            if (lease.isEmpty()) {
                takeNew(lease, deadline);
            }
            return lease.build();
        } catch (JedisException e) {
            throw unavailable("lease", e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Acknowledges and deletes the records and takes their entries off the backlog in one script, so an entry
     * leaves Redis only once acknowledged, and a record already acknowledged is left alone. Each dead letter becomes
     * a record of its own in {@code <stream>:dead}, the entry as a one-entry batch with {@code reason}, {@code code},
     * {@code deliveries} and {@code tenant} beside it, written by the same script, and only by the call that found the
     * lease still pending, so a lease acknowledged twice sets its dead letters aside once.
     *
     * @throws IllegalArgumentException if a receipt is not a stream record id, so the lease came from another queue
     */
    @Override
    public void acknowledge(Lease lease, List<DeadLetter> deadLetters) {
        if (lease.receipts().isEmpty() && deadLetters.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(lease.receipts().size() + 2 + 5 * deadLetters.size());
        args.add(group);
        args.add(String.valueOf(lease.receipts().size()));
        for (String receipt : lease.receipts()) {
            // Checked before the script runs: Redis would refuse a bad id halfway, after acknowledging the ones before.
            if (!RECORD_ID.matcher(receipt).matches()) {
                throw new IllegalArgumentException("not a receipt of this queue: '" + receipt + "'");
            }
            args.add(receipt);
        }
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
            LOG.error("Set aside entry {} of tenant {} in {}: {} (code {})", letter.entry().id(),
                    letter.entry().tenant(), keys.deadLetters(), letter.reason(), letter.code());
        }
    }

    /**
     * How many entries were accepted and not yet acknowledged, leased or not, as the counter beside the stream says;
     * never below zero.
     *
     * @throws QueueUnavailableException if Redis cannot be asked, or the counter holds no number
     */
    public long backlog() {
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

    /** The dead letters this queue sets aside, to list, replay and purge. */
    public RedisDeadLetterStore deadLetterStore() {
        return new RedisDeadLetterStore(redis, List.of(keys));
    }

    /**
     * How many records wait in the dead-letter stream for someone to look at them. Nothing here removes them.
     *
     * @throws QueueUnavailableException if Redis cannot be asked
     */
    public long deadLetters() {
        try {
            return redis.xlen(keys.deadLetters());
        } catch (JedisException e) {
            throw unavailable("count dead letters", e);
        }
    }

    /**
     * How long the oldest entry not yet stored has been waiting, leased by a worker or not: acknowledged records are
     * deleted, so the stream's first record is that entry's. Zero for an empty queue. Measured against this host's
     * clock from the time in the record's id, which is Redis's clock when it was added.
     *
     * @throws QueueUnavailableException if Redis cannot be asked
     */
    public Duration oldestEntryAge() {
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

    private Optional<IdempotencyClaim> add(List<LogEntry> entries, long maxBacklog, IdempotencyClaim claim) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("enqueue needs at least one entry");
        }
        List<QueueRecord> records = codec.encode(entries);
        List<String> scriptKeys = claim == null
                ? List.of(keys.stream(), keys.backlog())
                : List.of(keys.stream(), keys.backlog(), keys.claim(claim.tenant(), claim.key()));
        List<String> args = new ArrayList<>(4 + 2 * records.size());
        args.add(Long.toString(maxBacklog));
        args.add(Integer.toString(entries.size()));
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
            case "full" -> throw new QueueFullException((Long) reply.get(1), maxBacklog);
            case "claimed" -> Optional.of(storedClaim(claim, (String) reply.get(1)));
            default -> throw new IllegalStateException("script " + QueueScripts.ENQUEUE.name() + " answered " + reply);
        };
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

    /** New records, waiting for the first until the deadline; the rest only as far as they are there already. */
    private void takeNew(LeaseBuilder lease, long deadline) {
        while (!lease.isFull()) {
            int count = lease.recordsToRead();
            List<StreamEntry> records = read(lease, count, UNDELIVERED, lease.isEmpty() ? millisUntil(deadline) : 0);
            if (records.isEmpty()) {
                return;
            }
            take(lease, records);
            if (records.size() < count && !lease.isEmpty()) {
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
                lease.add(record.getID().toString(), codec.decode(record.getFields()));
            } catch (UndecodableEntryException e) {
                deadLetter(record.getID(), e.getMessage(), 1);
            }
        }
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
        LOG.error("Moved undecodable record {} of stream {} to {}: {}", id, keys.stream(), keys.deadLetters(), reason);
    }

    private QueueUnavailableException unavailable(String operation, JedisException cause) {
        return new QueueUnavailableException(
                "Redis stream " + keys.stream() + ": " + operation + " failed: " + cause.getMessage(), cause);
    }

    /** PX takes whole milliseconds; rounding up keeps a claim at least as long as asked. */
    private static long retentionMillis(Duration retention) {
        long millis = retention.toMillis();
        return retention.equals(Duration.ofMillis(millis)) ? millis : millis + 1;
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
