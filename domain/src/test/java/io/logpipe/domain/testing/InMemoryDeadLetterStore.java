package io.logpipe.domain.testing;

import io.logpipe.domain.DeadLetter;
import io.logpipe.domain.DeadLetterPage;
import io.logpipe.domain.DeadLetterScope;
import io.logpipe.domain.DeadLetterStore;
import io.logpipe.domain.InvalidRequestException;
import io.logpipe.domain.QueueUnavailableException;
import io.logpipe.domain.ReplayReport;
import io.logpipe.domain.StoredDeadLetter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@link DeadLetterStore} of an {@link InMemoryLogQueue}, which its acknowledgements fill: get it with
 * {@link InMemoryLogQueue#deadLetterStore()}. It keeps the port's contract: scopes hide what lies outside them, pages
 * run oldest first by keyset, and a replay queues the entries again on that queue, as a group of their own and
 * whatever the backlog, once however often it is asked.
 *
 * <p>Ids are {@code dl-1}, {@code dl-2}, ... in the order set aside, and a cursor is the last id of its page. The
 * payload of a dead letter is its entry's {@code toString()}, standing in for a queue's own format. A record that could
 * not be decoded, which this queue never makes, can be added with {@link #setAsideUndecodable}. Every call of the port
 * can be made to fail with {@link #setUnavailable}.
 *
 * <p>Thread-safe: it locks its queue, so a replay and the queue's own calls never interleave.
 */
public final class InMemoryDeadLetterStore implements DeadLetterStore {
    private static final String ID_PREFIX = "dl-";

    private final InMemoryLogQueue queue;
    private final TreeMap<Long, StoredDeadLetter> held = new TreeMap<>();
    private long lastNumber;
    private boolean unavailable;

    InMemoryDeadLetterStore(InMemoryLogQueue queue) {
        this.queue = queue;
    }

    /** Keeps {@code letter}; the queue calls it while it holds its lock. */
    void setAside(DeadLetter letter) {
        synchronized (queue) {
            keep(new StoredDeadLetter(ID_PREFIX + (lastNumber + 1), List.of(letter.entry()), letter.entry().toString(),
                    letter.reason(), letter.code(), letter.deliveries(), Instant.now()));
        }
    }

    /** Keeps a record that could not be decoded, as a queue sets one aside; returns its id. */
    public String setAsideUndecodable(String payload, String reason) {
        synchronized (queue) {
            return keep(new StoredDeadLetter(ID_PREFIX + (lastNumber + 1), List.of(), payload, reason, "", 1,
                    Instant.now()));
        }
    }

    /** Every dead letter held, in the order set aside. */
    public List<StoredDeadLetter> held() {
        synchronized (queue) {
            return List.copyOf(held.values());
        }
    }

    /** While {@code down}, every call of the port throws {@link QueueUnavailableException} and changes nothing. */
    public void setUnavailable(boolean down) {
        synchronized (queue) {
            unavailable = down;
        }
    }

    @Override
    public DeadLetterPage list(DeadLetterScope scope, int limit, String cursor) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT + "; got " + limit);
        }
        synchronized (queue) {
            failIfDown();
            long after = cursor == null ? 0 : cursorNumber(cursor);
            List<StoredDeadLetter> matching = held.tailMap(after, false).values().stream()
                    .filter(scope::covers).limit(limit + 1L).toList();
            if (matching.size() <= limit) {
                return new DeadLetterPage(matching, null);
            }
            return new DeadLetterPage(matching.subList(0, limit), matching.get(limit - 1).id());
        }
    }

    @Override
    public Optional<StoredDeadLetter> find(DeadLetterScope scope, String id) {
        synchronized (queue) {
            failIfDown();
            return Optional.ofNullable(inScope(scope, id));
        }
    }

    @Override
    public ReplayReport replay(DeadLetterScope scope, List<String> ids) {
        synchronized (queue) {
            failIfDown();
            List<String> replayed = new ArrayList<>();
            List<String> notFound = new ArrayList<>();
            List<String> undecodable = new ArrayList<>();
            for (String id : new LinkedHashSet<>(ids)) {
                StoredDeadLetter letter = inScope(scope, id);
                if (letter == null) {
                    notFound.add(id);
                } else if (letter.entries().isEmpty()) {
                    undecodable.add(id);
                } else {
                    requeue(letter);
                    replayed.add(id);
                }
            }
            return new ReplayReport(replayed, notFound, undecodable);
        }
    }

    @Override
    public long replayAll(DeadLetterScope scope) {
        synchronized (queue) {
            failIfDown();
            List<StoredDeadLetter> replayable = held.values().stream()
                    .filter(letter -> scope.covers(letter) && !letter.entries().isEmpty()).toList();
            replayable.forEach(this::requeue);
            return replayable.size();
        }
    }

    @Override
    public List<String> purge(DeadLetterScope scope, List<String> ids) {
        synchronized (queue) {
            failIfDown();
            List<String> purged = new ArrayList<>();
            for (String id : new LinkedHashSet<>(ids)) {
                StoredDeadLetter letter = inScope(scope, id);
                if (letter != null) {
                    held.remove(number(id));
                    purged.add(id);
                }
            }
            return purged;
        }
    }

    @Override
    public long purgeAll(DeadLetterScope scope) {
        synchronized (queue) {
            failIfDown();
            List<StoredDeadLetter> purged = held.values().stream().filter(scope::covers).toList();
            purged.forEach(letter -> held.remove(number(letter.id())));
            return purged.size();
        }
    }

    private String keep(StoredDeadLetter letter) {
        lastNumber++;
        held.put(lastNumber, letter);
        return letter.id();
    }

    private void requeue(StoredDeadLetter letter) {
        held.remove(number(letter.id()));
        queue.requeue(letter.entries());
    }

    private StoredDeadLetter inScope(DeadLetterScope scope, String id) {
        long number = number(id);
        StoredDeadLetter letter = number < 0 ? null : held.get(number);
        return letter != null && scope.covers(letter) ? letter : null;
    }

    /** The number in an id of this store, or -1 for any other string. */
    private static long number(String id) {
        if (id == null || !id.startsWith(ID_PREFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(id.substring(ID_PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long cursorNumber(String cursor) {
        long number = number(cursor);
        if (number < 0) {
            throw new InvalidRequestException("invalid cursor",
                    List.of("cursor: not a cursor returned by this server as next_cursor"));
        }
        return number;
    }

    private void failIfDown() {
        if (unavailable) {
            throw new QueueUnavailableException("dead-letter store down (test)", null);
        }
    }
}
