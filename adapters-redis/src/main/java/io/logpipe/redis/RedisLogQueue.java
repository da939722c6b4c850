package io.logpipe.redis;

import io.logpipe.domain.DeadLetter;
import io.logpipe.domain.IdempotencyClaim;
import io.logpipe.domain.Lease;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogQueue;
import io.logpipe.domain.QueueFullException;
import io.logpipe.domain.QueueUnavailableException;
import io.logpipe.redis.QueuePartitions.Receipt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@link LogQueue} on Redis streams, its partitions, each read through a consumer group of the same name.
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
 * <p><b>Partitions.</b> With one partition, the default, the stream is the configured name and everything above is
 * exactly as before partitions existed. With more, each partition is a stream with its own counter, dead-letter
 * stream, claims and consumer group, named with a hash tag of its own (see {@link QueuePartitions}), and:
 * <ul>
 *   <li>an enqueue goes whole to the partition of its tenant (of its claim's, for {@link #enqueueOnce}; ingest never
 *       mixes tenants in one request), so a tenant's entries keep their order and its claim is checked in the same
 *       script that adds its records;
 *   <li>backpressure compares each partition's counter with its share of the limit, {@code ceil(maxBacklog / P)}: the
 *       limit holds per partition, not for the sum, because no script may read counters in several cluster slots. A
 *       tenant alone is refused once its partition holds its share, while the others are admitted;
 *   <li>a lease looks at the partitions in turn, from a start that moves on with every lease so that a busy
 *       partition cannot starve the rest, and in each takes the consumer's own pending records, then abandoned ones,
 *       then new ones; it holds records of the first partition that has any, and of that one only, so acknowledging
 *       it is one script on one slot. With nothing anywhere it waits on the consumer's home partition only (a read
 *       that blocks on several streams would cross slots); entries that arrive elsewhere meanwhile go out with a
 *       later lease, at most one wait later;
 *   <li>receipts name their partition; {@link #backlog()} and {@link #deadLetters()} add up the partitions, and
 *       {@link #oldestEntryAge()} is the oldest of any;
 *   <li>the visibility timeout, the takeover of abandoned records and the removal of idle consumers act in each
 *       partition on its own.
 * </ul>
 * A lease of P partitions with nothing queued costs two round trips per partition; with one partition it costs what
 * it did before partitions.
 *
 * <p><b>Changing the number of partitions</b> moves tenants and renames streams: records left in a stream the new
 * layout does not name are not read, and a retry of an idempotent request may land where its claim is not. So change
 * it only with the queue drained: stop ingest, wait for a backlog of zero, then restart with the new number. A queue
 * of several partitions logs an error at start when the unpartitioned stream still holds records.
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
 * <p><b>Redis Cluster.</b> A script may only touch keys of one slot. With several partitions each partition's keys
 * share its own tag. With one, give the stream a hash tag, such as {@code {logpipe}:entries}, so its counter,
 * dead-letter stream and claims land beside it.
 *
 * <p>Thread-safe when the client is, as {@code RedisClient} is: the queue keeps no state besides its names, where the
 * next lease starts, and when each partition looks for abandoned records next.
 */
public final class RedisLogQueue implements LogQueue {
    private static final Logger LOG = LoggerFactory.getLogger(RedisLogQueue.class);

    /** BLOCK takes an int of milliseconds. */
    private static final Duration LONGEST_BLOCK = Duration.ofMillis(Integer.MAX_VALUE);
    /** Far longer than a batch takes to write, short enough that entries left by a dead worker wait minutes, not days. */
    public static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofMinutes(2);
    /** Enough for a few crashes and takeovers in a row; a record that kills every worker is set aside after these. */
    public static final int DEFAULT_MAX_DELIVERIES = 10;
    /** One stream, named as configured, as before partitions existed. */
    public static final int DEFAULT_PARTITIONS = 1;
    /** The most partitions a queue may have. */
    public static final int MAX_PARTITIONS = QueuePartitions.MAX_PARTITIONS;

    private final LeaseLimits leaseLimits;
    private final UnifiedJedis redis;
    private final QueuePartitions layout;
    private final List<StreamPartition> partitions;
    private final LogEntryCodec codec;
    /** Where the next lease starts looking; racing threads at worst start at the same partition. */
    private final AtomicInteger nextStart = new AtomicInteger();

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
        this(redis, stream, group, visibilityTimeout, maxDeliveries, DEFAULT_PARTITIONS);
    }

    /**
     * As {@link #RedisLogQueue(UnifiedJedis, String, String, Duration, int)}, over {@code partitions} streams: the
     * group and counter are created in each. One keeps the stream and keys of the configured name, as before
     * partitions existed; see the class comment for more, and change the number only with the queue drained.
     *
     * @param stream the configured name; with several partitions theirs are made from it (see {@link QueuePartitions})
     * @param partitions from 1 to {@value #MAX_PARTITIONS}
     * @throws IllegalArgumentException if {@code partitions} is out of range, or a stream name with a {@code '}'}
     *     but no hash tag is to be partitioned
     */
    public RedisLogQueue(UnifiedJedis redis, String stream, String group, Duration visibilityTimeout,
            int maxDeliveries, int partitions) {
        this(redis, stream, group, visibilityTimeout, maxDeliveries, partitions, LeaseLimits.DEFAULT);
    }

    /**
     * As {@link #RedisLogQueue(UnifiedJedis, String, String, Duration, int, int)}, with how leases are filled beyond
     * their entry count.
     */
    public RedisLogQueue(UnifiedJedis redis, String stream, String group, Duration visibilityTimeout,
            int maxDeliveries, int partitions, LeaseLimits leaseLimits) {
        this(redis, stream, group, new LogEntryCodec(), visibilityTimeout, maxDeliveries, partitions, leaseLimits);
    }

    RedisLogQueue(UnifiedJedis redis, String stream, String group, LogEntryCodec codec) {
        this(redis, stream, group, codec, DEFAULT_VISIBILITY_TIMEOUT, DEFAULT_MAX_DELIVERIES, DEFAULT_PARTITIONS,
                LeaseLimits.DEFAULT);
    }

    RedisLogQueue(UnifiedJedis redis, String stream, String group, LogEntryCodec codec, Duration visibilityTimeout,
            int maxDeliveries, int partitions, LeaseLimits leaseLimits) {
        if (visibilityTimeout.isNegative() || visibilityTimeout.isZero()) {
            throw new IllegalArgumentException("visibilityTimeout must be positive, was " + visibilityTimeout);
        }
        if (maxDeliveries < 2) {
            throw new IllegalArgumentException("maxDeliveries must be at least 2, was " + maxDeliveries);
        }
        this.redis = Objects.requireNonNull(redis, "redis");
        this.leaseLimits = Objects.requireNonNull(leaseLimits, "leaseLimits");
        this.layout = new QueuePartitions(requireName(stream, "stream"), partitions);
        String groupName = requireName(group, "group");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.partitions = IntStream.range(0, layout.count()).mapToObj(i -> new StreamPartition(redis, layout, i,
                groupName, codec, visibilityTimeout, maxDeliveries)).toList();
        for (StreamPartition partition : this.partitions) {
            partition.start();
        }
        warnOfUnpartitionedRecords();
    }

    /**
     * {@inheritDoc}
     *
     * <p>With several partitions, {@code maxBacklog} is shared out among them, and the partition the entries go to is
     * checked against its share (see the class comment).
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
     * recorded, receive time to the nanosecond. With several partitions it lives in the partition of its tenant,
     * which is where the entries go, and {@code maxBacklog} is shared out as for {@link #enqueue}.
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
     * <p>The receipts are the stream record ids, with several partitions prefixed by the partition's index and a dot.
     * A lease of redelivered records holds only those, no new ones, and a lease holds the records of one partition.
     * With several partitions, a consumer's own and abandoned records come before new ones within each partition, not
     * across them: a partition is looked at in full before the next, as the class comment describes. Records read
     * beyond what fills a lease stay pending for the consumer and open its next lease of that partition.
     * Undecodable records are dead-lettered on the way, so a lease may hold fewer entries than asked for while more are
     * queued; when a read finds nothing but such records, it reads again rather than return an empty lease. A lease
     * also stops at the {@link LeaseLimits} size, and once it holds new records it waits up to their linger (never
     * longer than {@code wait}) for more.
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
        long now = System.nanoTime();
        long deadline = now + (wait.compareTo(LONGEST_BLOCK) > 0 ? LONGEST_BLOCK : wait).toNanos();
        // A lease asked not to wait does not linger either.
        LeaseBuilder lease = new LeaseBuilder(consumer, maxEntries, wait.compareTo(leaseLimits.linger()) < 0
                ? new LeaseLimits(wait, leaseLimits.maxBytes()) : leaseLimits);
        int count = partitions.size();
        int home = layout.homeOf(consumer);
        int start = count == 1 ? 0 : Math.floorMod(nextStart.getAndIncrement(), count);
        boolean waited = false;
        for (int i = 0; i < count && lease.isEmpty(); i++) {
            int p = (start + i) % count;
            // The wait belongs to the home partition; when the round ends there, it waits in the same read, which is
            // how one partition costs no more than before partitions.
            waited = i == count - 1 && p == home;
            partitions.get(p).lease(lease, waited ? deadline : now);
        }
        if (lease.isEmpty() && !waited && StreamPartition.millisUntil(deadline) > 0) {
            partitions.get(home).waitForNew(lease, deadline);
        }
        return lease.build();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Acknowledges and deletes the records and takes their entries off the backlog in one script, so an entry
     * leaves Redis only once acknowledged, and a record already acknowledged is left alone. Each dead letter becomes
     * a record of its own in {@code <stream>:dead} of the lease's partition, the entry as a one-entry batch with
     * {@code reason}, {@code code}, {@code deliveries} and {@code tenant} beside it, written by the same script, and
     * only by the call that found the lease still pending, so a lease acknowledged twice sets its dead letters aside
     * once.
     *
     * @throws IllegalArgumentException if a receipt is not one of this queue's, so the lease came from another queue,
     *     or the receipts name several partitions, which no lease of this queue holds
     */
    @Override
    public void acknowledge(Lease lease, List<DeadLetter> deadLetters) {
        if (lease.receipts().isEmpty() && deadLetters.isEmpty()) {
            return;
        }
        int partition = 0;
        List<String> recordIds = new ArrayList<>(lease.receipts().size());
        for (String receipt : lease.receipts()) {
            // Checked before the script runs: Redis would refuse a bad id halfway, after acknowledging the ones before.
            Receipt parsed = layout.parse(receipt);
            if (recordIds.isEmpty()) {
                partition = parsed.partition();
            } else if (parsed.partition() != partition) {
                throw new IllegalArgumentException("receipts of partitions " + partition + " and "
                        + parsed.partition() + " in one lease; a lease of this queue holds one partition's records");
            }
            recordIds.add(parsed.recordId());
        }
        partitions.get(partition).acknowledge(recordIds, deadLetters);
    }

    /**
     * How many entries were accepted and not yet acknowledged, leased or not, as the counters beside the streams say,
     * added up over the partitions; never below zero.
     *
     * @throws QueueUnavailableException if Redis cannot be asked, or a counter holds no number
     */
    public long backlog() {
        long backlog = 0;
        for (StreamPartition partition : partitions) {
            backlog += partition.backlog();
        }
        return backlog;
    }

    /** The dead letters this queue sets aside, in every partition, to list, replay and purge. */
    public RedisDeadLetterStore deadLetterStore() {
        return new RedisDeadLetterStore(redis, layout.keys());
    }

    /**
     * How many records wait in the dead-letter streams for someone to look at them, added up over the partitions.
     * Nothing here removes them.
     *
     * @throws QueueUnavailableException if Redis cannot be asked
     */
    public long deadLetters() {
        long letters = 0;
        for (StreamPartition partition : partitions) {
            letters += partition.deadLetters();
        }
        return letters;
    }

    /**
     * How long the oldest entry not yet stored has been waiting, leased by a worker or not, in any partition:
     * acknowledged records are deleted, so a stream's first record is its oldest entry's. Zero for an empty queue.
     * Measured against this host's clock from the time in the record's id, which is Redis's clock when it was added.
     *
     * @throws QueueUnavailableException if Redis cannot be asked
     */
    public Duration oldestEntryAge() {
        Duration oldest = Duration.ZERO;
        for (StreamPartition partition : partitions) {
            Duration age = partition.oldestEntryAge();
            if (age.compareTo(oldest) > 0) {
                oldest = age;
            }
        }
        return oldest;
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
            throw partitions.get(0).unavailable("ping", e);
        }
        if (!"PONG".equals(reply)) {
            throw new QueueUnavailableException("Redis answered PING with '" + reply + "'", null);
        }
    }

    private Optional<IdempotencyClaim> add(List<LogEntry> entries, long maxBacklog, IdempotencyClaim claim) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("enqueue needs at least one entry");
        }
        String tenant = claim == null ? entries.get(0).tenant() : claim.tenant();
        return partitions.get(layout.ofTenant(tenant))
                .enqueue(codec.encode(entries), entries.size(), layout.share(maxBacklog), claim);
    }

    /**
     * Going from one partition to several leaves the old stream unread; its entries, already answered 202, would
     * wait there for ever without anyone noticing, so say so where operators look.
     */
    private void warnOfUnpartitionedRecords() {
        if (layout.count() == 1) {
            return;
        }
        String old = layout.configuredStream();
        long left;
        try {
            left = redis.xlen(old);
        } catch (JedisDataException e) {
            return; // not a stream, so no queue's
        } catch (JedisException e) {
            throw partitions.get(0).unavailable("look for records in " + old, e);
        }
        if (left > 0) {
            LOG.error("Stream {} still holds {} record(s) queued with one partition, which this queue of {} "
                    + "partitions does not read; run with one partition until the workers have drained it",
                    old, left, layout.count());
        }
    }

    private static String requireName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return name;
    }
}
