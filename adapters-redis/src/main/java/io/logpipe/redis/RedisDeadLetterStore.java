package io.logpipe.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.domain.DeadLetterPage;
import io.logpipe.domain.DeadLetterScope;
import io.logpipe.domain.DeadLetterStore;
import io.logpipe.domain.InvalidRequestException;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.QueueUnavailableException;
import io.logpipe.domain.ReplayReport;
import io.logpipe.domain.StoredDeadLetter;
import io.logpipe.redis.LogEntryCodec.UndecodableEntryException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.StreamEntry;

/**
 * {@link DeadLetterStore} over the dead-letter streams, {@code <stream>:dead}, of a queue's streams: its partitions,
 * given in a fixed order. Get the store of a {@link RedisLogQueue} from {@link RedisLogQueue#deadLetterStore()}.
 *
 * <p><b>Records.</b> A dead-letter stream holds two kinds. An entry the store refused is a one-entry batch with
 * {@code n}, {@code reason}, {@code code}, {@code deliveries} and {@code tenant} (records written before the last two
 * existed lack them: one delivery, and the tenant of the batch). A record the queue set aside whole, because it could
 * not be decoded or was delivered too often, keeps its own fields and gains {@code reason}, {@code original_id} and
 * {@code deliveries}. A dead letter's entries are what its batch decodes to, none for a record that cannot be decoded;
 * its payload is the batch text, or for a record without a batch all its own fields as one JSON object.
 *
 * <p><b>Ids</b> are {@code <partition>.<record id>}, such as {@code 0.1795708800000-0}: the partition's index in the
 * list given here, then the record's id in that partition's dead-letter stream. Redis never reuses a stream id.
 * {@link #list} goes through the partitions in order, each oldest record first, and a cursor is the id of the last
 * dead letter of its page.
 *
 * <p><b>Scope.</b> Listing a tenant's dead letters is sieved in Redis by the {@code tenant} field (see
 * {@link QueueScripts#FIND_DEAD_LETTERS}), so that the records of other tenants never cross the network; then every
 * dead letter is decoded here and kept only if {@link DeadLetterScope#covers} it. That check decides for find,
 * replay and purge too: a dead letter never changes once written, so checking it before the script that acts on it
 * cannot be overtaken.
 *
 * <p><b>Replay</b> encodes the dead letter's entries again, as {@link RedisLogQueue} does on enqueue, ids and content
 * unchanged, and runs {@link QueueScripts#REPLAY} on the dead letter's partition: it deletes the dead letter and adds
 * the records to the stream and their entries to the backlog only if the delete found it, so it is queued once.
 * Replay and purge act on at most {@value #MAX_PER_CALL} dead letters (and about {@value #MAX_BYTES_PER_CALL} bytes)
 * per script, so that no call holds Redis up for long.
 *
 * <p><b>Redis Cluster.</b> Each partition's scripts touch its stream, its backlog counter and its dead-letter stream,
 * which share the stream's hash tag.
 *
 * <p>Thread-safe when the client is: the store keeps no state besides its names.
 */
public final class RedisDeadLetterStore implements DeadLetterStore {
    private static final Pattern ID = Pattern.compile("(\\d{1,9})\\.((\\d{1,20})-(\\d{1,20}))");
    /** Fields the queue adds to a record it sets aside; the rest are what was queued. */
    private static final Set<String> ADDED_FIELDS = Set.of("reason", "code", "deliveries", "tenant", "original_id");
    private static final int MAX_PER_CALL = 100;
    private static final int MAX_BYTES_PER_CALL = 4 << 20;
    private static final int MAX_PAGE_BYTES = 4 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final UnifiedJedis redis;
    private final List<QueueKeys> partitions;
    private final List<QueueScripts> scripts;
    private final LogEntryCodec codec = new LogEntryCodec();

    /**
     * @param partitions the keys of the queue's streams, always in the same order, since ids name them by position
     */
    RedisDeadLetterStore(UnifiedJedis redis, List<QueueKeys> partitions) {
        if (partitions.isEmpty()) {
            throw new IllegalArgumentException("a queue has at least one stream");
        }
        this.redis = Objects.requireNonNull(redis, "redis");
        this.partitions = List.copyOf(partitions);
        this.scripts = this.partitions.stream().map(keys -> new QueueScripts(redis, keys.stream())).toList();
    }

    /**
     * {@inheritDoc}
     *
     * <p>A page also ends, with a next cursor, once its dead letters hold about {@value #MAX_PAGE_BYTES} bytes, so
     * that a page of records set aside whole, a megabyte each, stays a few megabytes.
     */
    @Override
    public DeadLetterPage list(DeadLetterScope scope, int limit, String cursor) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT + "; got " + limit);
        }
        Address from = cursor == null ? new Address(0, "-") : cursor(cursor);
        Found found = new Found(limit + 1, MAX_PAGE_BYTES);
        try {
            for (int p = from.partition(); p < partitions.size() && !found.isFull(); p++) {
                find(p, p == from.partition() ? from.record() : "-", "+", scope, found);
            }
        } catch (JedisException e) {
            throw unavailable("list dead letters", e);
        }
        List<StoredDeadLetter> letters = found.letters();
        if (letters.size() > limit) {
            return new DeadLetterPage(letters.subList(0, limit), letters.get(limit - 1).id());
        }
        return new DeadLetterPage(letters, found.isFull() ? letters.get(letters.size() - 1).id() : null);
    }

    @Override
    public Optional<StoredDeadLetter> find(DeadLetterScope scope, String id) {
        try {
            return Optional.ofNullable(read(scope, id));
        } catch (JedisException e) {
            throw unavailable("read dead letter " + id, e);
        }
    }

    @Override
    public ReplayReport replay(DeadLetterScope scope, List<String> ids) {
        Set<String> distinct = new LinkedHashSet<>(ids);
        Set<String> undecodable = new LinkedHashSet<>();
        Map<String, Boolean> stillThere;
        try {
            List<StoredDeadLetter> replayable = new ArrayList<>();
            for (String id : distinct) {
                StoredDeadLetter letter = read(scope, id);
                if (letter != null && letter.entries().isEmpty()) {
                    undecodable.add(id);
                } else if (letter != null) {
                    replayable.add(letter);
                }
            }
            stillThere = replayEach(replayable);
        } catch (JedisException e) {
            throw unavailable("replay dead letters", e);
        }
        // A dead letter read but gone when its script ran was replayed or purged by someone else meanwhile.
        List<String> replayed = distinct.stream().filter(id -> Boolean.TRUE.equals(stillThere.get(id))).toList();
        Set<String> done = Set.copyOf(replayed);
        List<String> notFound = distinct.stream().filter(id -> !done.contains(id) && !undecodable.contains(id))
                .toList();
        return new ReplayReport(replayed, notFound, List.copyOf(undecodable));
    }

    @Override
    public long replayAll(DeadLetterScope scope) {
        try {
            long replayed = 0;
            for (int p = 0; p < partitions.size(); p++) {
                replayed += eachUntilNow(p, scope, letters -> replayEach(letters.stream()
                        .filter(letter -> !letter.entries().isEmpty()).toList()).values().stream()
                        .filter(Boolean::booleanValue).count());
            }
            return replayed;
        } catch (JedisException e) {
            throw unavailable("replay dead letters", e);
        }
    }

    @Override
    public List<String> purge(DeadLetterScope scope, List<String> ids) {
        try {
            List<StoredDeadLetter> letters = new ArrayList<>();
            for (String id : new LinkedHashSet<>(ids)) {
                StoredDeadLetter letter = read(scope, id);
                if (letter != null) {
                    letters.add(letter);
                }
            }
            Map<String, Boolean> deleted = purgeEach(letters);
            return letters.stream().map(StoredDeadLetter::id).filter(id -> Boolean.TRUE.equals(deleted.get(id)))
                    .toList();
        } catch (JedisException e) {
            throw unavailable("purge dead letters", e);
        }
    }

    @Override
    public long purgeAll(DeadLetterScope scope) {
        try {
            long purged = 0;
            for (int p = 0; p < partitions.size(); p++) {
                purged += eachUntilNow(p, scope, letters -> purgeEach(letters).values().stream()
                        .filter(Boolean::booleanValue).count());
            }
            return purged;
        } catch (JedisException e) {
            throw unavailable("purge dead letters", e);
        }
    }

    /**
     * Hands {@code action} the dead letters of partition {@code p} in scope that were there when this started, a few
     * at a time, oldest first; returns the sum of what it answered.
     */
    private long eachUntilNow(int p, DeadLetterScope scope, Action action) {
        List<StreamEntry> newest = redis.xrevrange(partitions.get(p).deadLetters(), "+", "-", 1);
        if (newest.isEmpty()) {
            return 0;
        }
        String last = newest.get(0).getID().toString();
        long total = 0;
        String after = "-";
        boolean more = true;
        while (more) {
            Found found = new Found(MAX_PER_CALL, MAX_BYTES_PER_CALL);
            Scanned scanned = find(p, after, last, scope, found);
            total += found.letters().isEmpty() ? 0 : action.apply(found.letters());
            after = scanned.last();
            more = !scanned.ended();
        }
        return total;
    }

    /**
     * Adds to {@code into} the dead letters in scope of partition {@code p}, oldest first, from after record
     * {@code after} up to record {@code last}, until it is full; says where it stopped.
     */
    private Scanned find(int p, String after, String last, DeadLetterScope scope, Found into) {
        String tenant = scope.tenant() == null ? "" : scope.tenant();
        String from = after;
        while (true) {
            List<?> reply = (List<?>) scripts.get(p).run(QueueScripts.FIND_DEAD_LETTERS,
                    List.of(partitions.get(p).deadLetters()), List.of(from, last, tenant,
                            String.valueOf(into.lettersWanted()), String.valueOf(into.bytesWanted())));
            boolean ended = "end".equals(reply.get(0));
            from = (String) reply.get(1);
            for (Object found : (List<?>) reply.get(2)) {
                List<?> record = (List<?>) found;
                StoredDeadLetter letter = letter(p, (String) record.get(0), fields((List<?>) record.get(1)));
                if (scope.covers(letter)) {
                    into.add(letter);
                }
            }
            if (ended || into.isFull()) {
                return new Scanned(ended, from);
            }
        }
    }

    /** Runs the replay script per partition, a few dead letters at a time; says per id whether it was still there. */
    private Map<String, Boolean> replayEach(List<StoredDeadLetter> letters) {
        Map<String, Boolean> outcomes = new HashMap<>();
        for (List<StoredDeadLetter> chunk : chunks(letters)) {
            int p = address(chunk.get(0).id()).partition();
            QueueKeys keys = partitions.get(p);
            List<String> args = new ArrayList<>();
            for (StoredDeadLetter letter : chunk) {
                List<QueueRecord> records = codec.encode(letter.entries());
                args.add(address(letter.id()).record());
                args.add(String.valueOf(records.size()));
                for (QueueRecord record : records) {
                    args.add(record.batch());
                    args.add(String.valueOf(record.entryCount()));
                }
            }
            List<?> reply = (List<?>) scripts.get(p).run(QueueScripts.REPLAY,
                    List.of(keys.stream(), keys.backlog(), keys.deadLetters()), args);
            for (int i = 0; i < chunk.size(); i++) {
                outcomes.put(chunk.get(i).id(), Long.valueOf(1).equals(reply.get(i)));
            }
        }
        return outcomes;
    }

    /** Runs the purge script per partition, a few dead letters at a time; says per id whether it was still there. */
    private Map<String, Boolean> purgeEach(List<StoredDeadLetter> letters) {
        Map<String, Boolean> outcomes = new HashMap<>();
        for (List<StoredDeadLetter> chunk : chunks(letters)) {
            int p = address(chunk.get(0).id()).partition();
            List<String> records = chunk.stream().map(letter -> address(letter.id()).record()).toList();
            List<?> reply = (List<?>) scripts.get(p).run(QueueScripts.PURGE,
                    List.of(partitions.get(p).deadLetters()), records);
            for (int i = 0; i < chunk.size(); i++) {
                outcomes.put(chunk.get(i).id(), Long.valueOf(1).equals(reply.get(i)));
            }
        }
        return outcomes;
    }

    /** Runs of dead letters of one partition, each of at most {@value #MAX_PER_CALL} and a few megabytes. */
    private List<List<StoredDeadLetter>> chunks(List<StoredDeadLetter> letters) {
        List<List<StoredDeadLetter>> chunks = new ArrayList<>();
        List<StoredDeadLetter> chunk = new ArrayList<>();
        long bytes = 0;
        for (StoredDeadLetter letter : letters) {
            boolean full = chunk.size() == MAX_PER_CALL || bytes > MAX_BYTES_PER_CALL;
            if (!chunk.isEmpty() && (full || partitionOf(chunk.get(0)) != partitionOf(letter))) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(letter);
            bytes += letter.payload().length();
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    /** The dead letter with this id if it is in scope; null for any other id. */
    private StoredDeadLetter read(DeadLetterScope scope, String id) {
        Address address = id == null ? null : address(id);
        if (address == null || address.partition() >= partitions.size()) {
            return null;
        }
        String key = partitions.get(address.partition()).deadLetters();
        List<StreamEntry> records = redis.xrange(key, address.record(), address.record());
        if (records.isEmpty()) {
            return null;
        }
        StoredDeadLetter letter = letter(address.partition(), address.record(), records.get(0).getFields());
        return scope.covers(letter) ? letter : null;
    }

    private StoredDeadLetter letter(int partition, String recordId, Map<String, String> fields) {
        String batch = fields.get(QueueRecord.BATCH_FIELD);
        String payload = batch != null ? batch : queuedFieldsAsJson(fields);
        return new StoredDeadLetter(partition + "." + recordId, entries(fields), payload,
                fields.getOrDefault("reason", ""), fields.getOrDefault("code", ""), deliveries(fields),
                Instant.ofEpochMilli(new StreamEntryID(recordId).getTime()));
    }

    /**
     * The entries the record decodes to; none if it cannot be decoded, or if its entries name several tenants, which
     * no enqueue writes and which therefore belongs to no tenant's scope either.
     */
    private List<LogEntry> entries(Map<String, String> fields) {
        try {
            List<LogEntry> entries = codec.decode(fields);
            boolean oneTenant = entries.stream().map(LogEntry::tenant).distinct().count() == 1;
            return oneTenant ? entries : List.of();
        } catch (UndecodableEntryException e) {
            return List.of();
        }
    }

    private static int deliveries(Map<String, String> fields) {
        try {
            long deliveries = Long.parseLong(fields.getOrDefault("deliveries", "1"));
            return (int) Math.max(1, Math.min(Integer.MAX_VALUE, deliveries));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String queuedFieldsAsJson(Map<String, String> fields) {
        Map<String, String> queued = new TreeMap<>(fields);
        queued.keySet().removeAll(ADDED_FIELDS);
        try {
            return JSON.writeValueAsString(queued);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }

    /** A record's fields as a script returns them, flat; a name given twice keeps its last value, as Jedis does. */
    private static Map<String, String> fields(List<?> flat) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put((String) flat.get(i), (String) flat.get(i + 1));
        }
        return fields;
    }

    private static int partitionOf(StoredDeadLetter letter) {
        return address(letter.id()).partition();
    }

    /** The partition and record an id names, or null if it is not an id of this store. */
    private static Address address(String id) {
        Matcher matcher = ID.matcher(id);
        if (!matcher.matches()) {
            return null;
        }
        try {
            // Redis refuses, with an error, a stream id beyond 64 unsigned bits; such an id names nothing.
            Long.parseUnsignedLong(matcher.group(3));
            Long.parseUnsignedLong(matcher.group(4));
        } catch (NumberFormatException e) {
            return null;
        }
        return new Address(Integer.parseInt(matcher.group(1)), matcher.group(2));
    }

    private Address cursor(String cursor) {
        Address address = address(cursor);
        if (address == null || address.partition() >= partitions.size()) {
            throw new InvalidRequestException("invalid cursor",
                    List.of("cursor: not a cursor returned by this server as next_cursor"));
        }
        return address;
    }

    private QueueUnavailableException unavailable(String operation, JedisException cause) {
        return new QueueUnavailableException("Redis dead-letter stream " + partitions.get(0).deadLetters()
                + (partitions.size() > 1 ? " (and " + (partitions.size() - 1) + " more)" : "") + ": " + operation
                + " failed: " + cause.getMessage(), cause);
    }

    /** A dead letter's place: its partition's index and its record id there ({@code -} before the first). */
    private record Address(int partition, String record) {
    }

    /** Where a scan of one partition stopped: the last record looked at, and whether the range is exhausted. */
    private record Scanned(boolean ended, String last) {
    }

    private interface Action {
        long apply(List<StoredDeadLetter> letters);
    }

    /**
     * Dead letters gathered until there are as many as wanted or they hold about as many bytes (counted as their
     * payload's characters; the script counts the bytes of every field, so neither side stops much before the other).
     */
    private static final class Found {
        private final List<StoredDeadLetter> letters = new ArrayList<>();
        private final int maxLetters;
        private final long maxBytes;
        private long bytes;

        Found(int maxLetters, long maxBytes) {
            this.maxLetters = maxLetters;
            this.maxBytes = maxBytes;
        }

        void add(StoredDeadLetter letter) {
            letters.add(letter);
            bytes += letter.payload().length();
        }

        boolean isFull() {
            return letters.size() >= maxLetters || bytes >= maxBytes;
        }

        int lettersWanted() {
            return Math.max(1, maxLetters - letters.size());
        }

        long bytesWanted() {
            return Math.max(1, maxBytes - bytes);
        }

        List<StoredDeadLetter> letters() {
            return letters;
        }
    }
}
