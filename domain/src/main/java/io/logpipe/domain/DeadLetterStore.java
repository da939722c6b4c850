package io.logpipe.domain;

import java.util.List;
import java.util.Optional;

/**
 * Where the queue keeps what it set aside, for an operator to list, inspect, replay or purge: entries the store
 * refused for good ({@link DeadLetter}s handed to {@link LogQueue#acknowledge(Lease, List)}), queue records the queue
 * set aside whole, and records that could not be decoded into entries at all. Each is a {@link StoredDeadLetter} under
 * an id the store assigns.
 *
 * <p><b>Scope.</b> Every operation takes a {@link DeadLetterScope} and sees only what lies within it. A dead letter
 * outside the scope is treated exactly as an id that never existed, so a tenant's scope learns nothing of others.
 *
 * <p><b>Order and paging.</b> {@link #list} returns dead letters oldest first, in the order they were set aside (a
 * store kept in several partitions lists one partition after the other, oldest first within each). A cursor marks
 * the position after the last dead letter of a page, not an offset: dead letters set aside later appear at the end,
 * those replayed or purged meanwhile just drop out, and no page shifts, so walking every page sees each dead letter
 * that stayed at most once.
 *
 * <p><b>Replay.</b> Replaying puts a dead letter's entries back into the queue it came from, with their original ids,
 * timestamps and content, and removes the dead letter, in one atomic step: however often, and however concurrently,
 * one dead letter is replayed, its entries are queued once. They are then delivered as any others, and the store's
 * idempotency on {@code (tenant, timestamp, id)} keeps each stored once even if it had been stored before. Replay does
 * not wait for room below the queue's backpressure limit: the entries were accepted once already. A record that could
 * not be decoded cannot be replayed; it stays until purged.
 *
 * <p><b>Nulls.</b> No argument may be null unless its description says so; results are never null.
 *
 * <p><b>Thread-safety.</b> Implementations are safe for concurrent use, also by several processes sharing one queue.
 */
public interface DeadLetterStore {
    /** The largest page {@link #list} returns. */
    int MAX_LIMIT = 100;

    /**
     * One page of the dead letters in {@code scope}. A page may hold fewer than {@code limit} while more follow, as when
     * a store bounds the bytes of a page; only a null {@link DeadLetterPage#nextCursor()} says there are no more.
     *
     * @param limit how many to return at most, from 1 to {@value #MAX_LIMIT}
     * @param cursor {@link DeadLetterPage#nextCursor()} of the previous page, or null for the first page
     * @throws IllegalArgumentException if {@code limit} is out of range
     * @throws InvalidRequestException if {@code cursor} is not one this store made
     * @throws QueueUnavailableException if the store cannot be read
     */
    DeadLetterPage list(DeadLetterScope scope, int limit, String cursor);

    /**
     * One dead letter by id.
     *
     * @return the dead letter, or empty if no dead letter in {@code scope} has this id
     * @throws QueueUnavailableException if the store cannot be read
     */
    Optional<StoredDeadLetter> find(DeadLetterScope scope, String id);

    /**
     * Replays the dead letters with the given ids, each atomically as described on the class. An id given twice counts
     * once. Ids that name nothing in the scope are reported, not refused.
     *
     * @param ids the ids, possibly empty
     * @throws QueueUnavailableException if the store cannot confirm; ids already replayed stay replayed, so calling
     *     again with the same ids is safe
     */
    ReplayReport replay(DeadLetterScope scope, List<String> ids);

    /**
     * Replays every dead letter in {@code scope} that can be replayed, as {@link #replay} does; records that cannot be
     * decoded stay. Only dead letters set aside before the call starts are replayed, so an entry that is refused again
     * and set aside anew while this runs waits for the next call instead of circling for ever.
     *
     * @return how many were replayed
     * @throws QueueUnavailableException if the store fails midway; what was replayed until then stays replayed
     */
    long replayAll(DeadLetterScope scope);

    /**
     * Deletes the dead letters with the given ids for good. An id given twice counts once.
     *
     * @param ids the ids, possibly empty
     * @return the ids deleted, in the order given; the others named nothing in the scope
     * @throws QueueUnavailableException if the store cannot confirm; calling again with the same ids is safe
     */
    List<String> purge(DeadLetterScope scope, List<String> ids);

    /**
     * Deletes every dead letter in {@code scope} set aside before the call starts.
     *
     * @return how many were deleted
     * @throws QueueUnavailableException if the store fails midway; what was deleted until then stays deleted
     */
    long purgeAll(DeadLetterScope scope);
}
