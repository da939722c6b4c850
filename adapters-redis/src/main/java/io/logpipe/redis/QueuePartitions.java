package io.logpipe.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.zip.CRC32;

/**
 * The layout of a queue over one or more streams, its partitions: what each partition's keys are called, which
 * partition a tenant's entries go to, which one a consumer waits on, and what a lease's receipts say.
 *
 * <p><b>Keys.</b> With one partition the stream is the configured name and its keys are as {@link QueueKeys} derives
 * them, as they were before partitions existed: {@code logpipe:entries}, {@code logpipe:entries:backlog}, ... With
 * more, partition {@code i} has a stream of its own whose name carries a hash tag of its own, so that its keys share
 * one cluster slot (every script touches only those) while the partitions spread over slots:
 * <ul>
 *   <li>a name without braces becomes the tag: {@code logpipe:entries} gives {@code {logpipe:entries:3}},
 *       {@code {logpipe:entries:3}:backlog}, {@code {logpipe:entries:3}:dead},
 *       {@code {logpipe:entries:3}:idem:<tenant>:<key>};
 *   <li>a name that has a hash tag by Redis's rule (the first {@code {} and the first {@code }} after it) gets the
 *       index inside that tag, so that its partitions do not all land in the one slot it names:
 *       {@code {logpipe}:entries} gives {@code {logpipe:3}:entries}, and an empty tag, which Redis ignores,
 *       becomes one: {@code logpipe{}:entries} gives {@code logpipe{:3}:entries};
 *   <li>a name with a {@code }} but no tag, such as {@code a}b}, is refused: no brace added around it would make a
 *       tag of the whole.
 * </ul>
 *
 * <p><b>Routing.</b> A tenant's entries all go to one partition, the CRC-32 of its name modulo the count, so they keep
 * their order and its idempotency claims lie beside its records. A consumer's home partition, where it waits when
 * nothing is queued anywhere, is chosen the same way from its name. Both are stable across processes and releases;
 * changing the count moves tenants, which is why it is changed only with the queue drained.
 *
 * <p><b>Receipts.</b> With one partition a receipt is the stream record id ({@code 1795708800000-0}), as before; with
 * more it is {@code <partition>.<record id>} ({@code 3.1795708800000-0}), as dead-letter ids are.
 *
 * <p>Immutable and thread-safe.
 */
final class QueuePartitions {
    static final int MAX_PARTITIONS = 1_024;

    private static final Pattern RECORD_ID = Pattern.compile("\\d+-\\d+");
    private static final Pattern PARTITIONED = Pattern.compile("(\\d{1,4})\\.(\\d+-\\d+)");

    private final String stream;
    private final List<QueueKeys> keys;

    /**
     * @param stream the configured stream name
     * @param count how many partitions, 1 to {@value #MAX_PARTITIONS}
     * @throws IllegalArgumentException if {@code count} is out of range, or the name cannot be partitioned
     */
    QueuePartitions(String stream, int count) {
        if (count < 1 || count > MAX_PARTITIONS) {
            throw new IllegalArgumentException(
                    "partitions must be from 1 to " + MAX_PARTITIONS + ", was " + count);
        }
        this.stream = stream;
        this.keys = count == 1
                ? List.of(new QueueKeys(stream))
                : IntStream.range(0, count).mapToObj(i -> new QueueKeys(partitionStream(stream, i))).toList();
    }

    int count() {
        return keys.size();
    }

    /** Every partition's keys, by index. */
    List<QueueKeys> keys() {
        return keys;
    }

    /** The stream named in the configuration, which is the one stream of a single partition. */
    String configuredStream() {
        return stream;
    }

    /** Where a tenant's entries and claims go. */
    int ofTenant(String tenant) {
        return bucket(tenant);
    }

    /** Where a consumer waits for new records when there are none anywhere. */
    int homeOf(String consumer) {
        return bucket(consumer);
    }

    /**
     * A partition's share of a backlog limit, rounded up so that the shares add up to at least the limit: the counter
     * of each partition is checked against this on its own, since no script may read every partition's at once.
     */
    long share(long maxBacklog) {
        long count = keys.size();
        return maxBacklog / count + (maxBacklog % count == 0 ? 0 : 1);
    }

    String receipt(int partition, String recordId) {
        return keys.size() == 1 ? recordId : partition + "." + recordId;
    }

    /**
     * The partition and record a receipt names.
     *
     * @throws IllegalArgumentException if it is no receipt of this layout, so the lease came from another queue
     */
    Receipt parse(String receipt) {
        if (keys.size() == 1) {
            if (RECORD_ID.matcher(receipt).matches()) {
                return new Receipt(0, receipt);
            }
        } else {
            Matcher matcher = PARTITIONED.matcher(receipt);
            if (matcher.matches() && Integer.parseInt(matcher.group(1)) < keys.size()) {
                return new Receipt(Integer.parseInt(matcher.group(1)), matcher.group(2));
            }
        }
        throw new IllegalArgumentException("not a receipt of this queue: '" + receipt + "'");
    }

    /** Partition {@code index}'s stream, as the class comment describes. */
    static String partitionStream(String stream, int index) {
        int open = stream.indexOf('{');
        int close = open < 0 ? -1 : stream.indexOf('}', open + 1);
        if (close >= 0) {
            return stream.substring(0, close) + ":" + index + stream.substring(close);
        }
        if (stream.indexOf('}') >= 0) {
            throw new IllegalArgumentException("stream name '" + stream + "' has a '}' but no hash tag, so its "
                    + "partitions cannot be given tags of their own; remove the brace or add a {tag}");
        }
        return "{" + stream + ":" + index + "}";
    }

    private int bucket(String name) {
        if (keys.size() == 1) {
            return 0;
        }
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % keys.size());
    }

    /** A record id in a partition's stream. */
    record Receipt(int partition, String recordId) {
    }
}
