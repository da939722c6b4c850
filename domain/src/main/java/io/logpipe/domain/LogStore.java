package io.logpipe.domain;

import java.util.List;

/**
 * Where entries live once they leave the queue, and where queries read them.
 *
 * <p><b>Idempotency.</b> An entry is identified by {@code (tenant, timestamp, id)}. Writing an entry that is already
 * stored does nothing, so a batch may be written again after a crash or a lost acknowledgement without duplicates.
 *
 * <p><b>Thread-safety.</b> Implementations are safe for concurrent use.
 */
public interface LogStore {

    /**
     * Stores a batch in one transaction: when this returns, every entry is committed; when it throws, none is.
     *
     * @param entries entries of any tenants, not null, possibly empty
     * @return how many entries were newly stored; the rest were already there
     * @throws StoreUnavailableException if the store cannot commit; retrying the whole batch is safe
     * @throws EntriesRejectedException if the store refuses some entry of the batch for good; nothing was stored, and
     *     writing the same batch again fails the same way
     */
    int write(List<LogEntry> entries);

    /**
     * Finds one page of a tenant's entries in the query's order by {@code (timestamp, id)}.
     *
     * @param query the search; its tenant bounds everything returned, and its cursor, if any, continues it
     * @return the page; {@link LogPage#next()} is present when more entries may follow, with a cursor made by
     *     {@link PageCursor#after(LogEntry, LogQuery)}
     * @throws StoreUnavailableException if the store cannot be read
     * @throws QueryTimeoutException if the search runs longer than the store allows
     */
    LogPage query(LogQuery query);

    /**
     * Counts a tenant's matching entries per bucket of time, exactly.
     *
     * @return every bucket of {@link HistogramQuery#bucketStarts()}, empty ones with a count of 0
     * @throws StoreUnavailableException if the store cannot be read
     * @throws QueryTimeoutException if the count runs longer than the store allows
     */
    Histogram histogram(HistogramQuery query);
}
