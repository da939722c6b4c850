package io.logpipe.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The store's entries seen as days (UTC), for retention: which days are stored, who has entries in each, and how a
 * whole day or a tenant's part of one is removed. A day runs from its midnight UTC, inclusive, to the next, exclusive,
 * by entry timestamp.
 *
 * <p><b>Removal.</b> {@link #drop} removes a whole day at once and cannot be undone; it may be interrupted (a crash,
 * a lost connection) after the day stopped being visible to reads and before it was removed, in which case the next
 * {@link #finishInterruptedDrops} or {@code drop} completes it. {@link #deleteBatch} removes a bounded number of rows
 * per call, so no single transaction grows with the size of the day.
 *
 * <p><b>Concurrency.</b> Writes may go on while these run; a write for a day that was dropped makes the day exist
 * again. Implementations are safe for concurrent use, but at most one caller should remove data at a time (the
 * retention job holds a lock for that).
 */
public interface LogPartitions {

    /**
     * @return the stored days, oldest first, including a day whose drop was interrupted
     * @throws StoreUnavailableException if the store cannot be read
     */
    List<LocalDate> days();

    /**
     * @return the tenants with at least one entry on {@code day}; empty if none or the day is not stored
     * @throws StoreUnavailableException if the store cannot be read
     */
    Set<String> tenants(LocalDate day);

    /**
     * Counts the day's entries exactly, per tenant: what an archive of the day must hold.
     *
     * @return rows per tenant, tenants without entries left out
     * @throws StoreUnavailableException if the store cannot be read
     */
    Map<String, Long> rowsPerTenant(LocalDate day);

    /**
     * Hands each of a tenant's entries of a day to {@code sink}, in {@code (timestamp, id)} order, from one consistent
     * snapshot, without holding them all in memory. An exception thrown by {@code sink} stops the read and is rethrown.
     *
     * @throws StoreUnavailableException if the store cannot be read; {@code sink} may have seen some entries
     */
    void readEntries(LocalDate day, String tenant, Consumer<LogEntry> sink);

    /**
     * Removes every entry of the day for good, for all tenants at once, finishing first any drop interrupted earlier.
     * The audit events (one per tenant that had entries that day) commit together with the final removal. Dropping a
     * day that is not stored does nothing and records nothing.
     *
     * @throws StoreUnavailableException if the store cannot complete it; the day may be left half-dropped (no longer
     *     visible to reads), which the next call completes
     */
    void drop(LocalDate day, List<AuditEvent> events);

    /**
     * Completes drops that were interrupted, such as by a crash of an earlier run.
     *
     * @return the days whose drop this completed; usually none
     * @throws StoreUnavailableException if the store cannot complete them
     */
    List<LocalDate> finishInterruptedDrops();

    /**
     * Deletes up to {@code limit} of a tenant's entries of {@code day} whose timestamp is before {@code before}, in one
     * transaction. Call it again until it returns less than {@code limit}.
     *
     * @param limit at least 1
     * @return how many entries were deleted
     * @throws StoreUnavailableException if the store cannot commit; nothing of this batch was deleted
     */
    int deleteBatch(LocalDate day, String tenant, Instant before, int limit);
}
