package io.logpipe.domain.testing;

import io.logpipe.domain.AuditEvent;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogPartitions;
import io.logpipe.domain.StoreUnavailableException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A {@link LogPartitions} in memory: a day exists while it holds entries or was {@link #addDay added} empty. A drop
 * can be made to stop half-way ({@link #interruptNextDrop}), leaving the day invisible to reads until the next drop
 * or {@link #finishInterruptedDrops}, as an interrupted detach does in PostgreSQL. Records each delete batch.
 * Thread-safe.
 */
public final class InMemoryLogPartitions implements LogPartitions {
    private static final Comparator<UUID> AS_POSTGRES = Comparator
            .comparing(UUID::getMostSignificantBits, Long::compareUnsigned)
            .thenComparing(UUID::getLeastSignificantBits, Long::compareUnsigned);
    private static final Comparator<LogEntry> OLDEST_FIRST =
            Comparator.comparing(LogEntry::timestamp).thenComparing(LogEntry::id, AS_POSTGRES);

    private final Map<LocalDate, List<LogEntry>> days = new TreeMap<>();
    private final Set<LocalDate> halfDropped = new TreeSet<>();
    private final List<Integer> deleteBatches = new ArrayList<>();
    private final List<LocalDate> dropped = new ArrayList<>();
    private final InMemoryAuditTrail audit;
    private boolean interruptNextDrop;
    private boolean unavailable;

    public InMemoryLogPartitions() {
        this(new InMemoryAuditTrail());
    }

    /** @param audit where drops record their events, as the real store does in the same transaction */
    public InMemoryLogPartitions(InMemoryAuditTrail audit) {
        this.audit = audit;
    }

    /** The trail drops record their events in. */
    public InMemoryAuditTrail audit() {
        return audit;
    }

    /** Stores entries, creating their days. */
    public synchronized InMemoryLogPartitions add(List<LogEntry> entries) {
        entries.forEach(entry -> days.computeIfAbsent(dayOf(entry.timestamp()), day -> new ArrayList<>()).add(entry));
        return this;
    }

    /** Creates a day without entries, as partitions made ahead of time are. */
    public synchronized InMemoryLogPartitions addDay(LocalDate day) {
        days.computeIfAbsent(day, d -> new ArrayList<>());
        return this;
    }

    /** Every entry still stored and visible, oldest first. */
    public synchronized List<LogEntry> all() {
        return days.entrySet().stream().filter(e -> !halfDropped.contains(e.getKey()))
                .flatMap(e -> e.getValue().stream()).sorted(OLDEST_FIRST).toList();
    }

    /** The days dropped so far, in order, finished interrupted drops included. */
    public synchronized List<LocalDate> dropped() {
        return List.copyOf(dropped);
    }

    /** The size of each delete batch so far, in order. */
    public synchronized List<Integer> deleteBatches() {
        return List.copyOf(deleteBatches);
    }

    /** Makes the next drop fail after hiding its day, as a connection lost during a detach does. */
    public synchronized void interruptNextDrop() {
        interruptNextDrop = true;
    }

    public synchronized void setUnavailable(boolean down) {
        unavailable = down;
    }

    @Override
    public synchronized List<LocalDate> days() {
        check();
        return List.copyOf(days.keySet());
    }

    @Override
    public synchronized Set<String> tenants(LocalDate day) {
        check();
        return visible(day).stream().map(LogEntry::tenant).collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    public synchronized Map<String, Long> rowsPerTenant(LocalDate day) {
        check();
        return visible(day).stream().collect(Collectors.groupingBy(LogEntry::tenant, TreeMap::new,
                Collectors.counting()));
    }

    @Override
    public synchronized void readEntries(LocalDate day, String tenant, Consumer<LogEntry> sink) {
        check();
        visible(day).stream().filter(entry -> entry.tenant().equals(tenant)).sorted(OLDEST_FIRST).toList()
                .forEach(sink);
    }

    @Override
    public synchronized void drop(LocalDate day, List<AuditEvent> events) {
        check();
        finishInterruptedDrops();
        if (!days.containsKey(day)) {
            return;
        }
        audit.failIfDown();
        if (interruptNextDrop) {
            interruptNextDrop = false;
            halfDropped.add(day);
            throw new StoreUnavailableException("connection lost while dropping " + day + " (test)", null);
        }
        events.forEach(audit::record);
        days.remove(day);
        dropped.add(day);
    }

    @Override
    public synchronized List<LocalDate> finishInterruptedDrops() {
        check();
        List<LocalDate> finished = List.copyOf(halfDropped);
        finished.forEach(days::remove);
        dropped.addAll(finished);
        halfDropped.clear();
        return finished;
    }

    @Override
    public synchronized int deleteBatch(LocalDate day, String tenant, Instant before, int limit) {
        check();
        int deleted = 0;
        for (Iterator<LogEntry> it = visible(day).iterator(); it.hasNext() && deleted < limit;) {
            LogEntry entry = it.next();
            if (entry.tenant().equals(tenant) && entry.timestamp().isBefore(before)) {
                it.remove();
                deleted++;
            }
        }
        deleteBatches.add(deleted);
        return deleted;
    }

    private List<LogEntry> visible(LocalDate day) {
        return halfDropped.contains(day) ? new ArrayList<>() : days.getOrDefault(day, new ArrayList<>());
    }

    private void check() {
        if (unavailable) {
            throw new StoreUnavailableException("store down (test)", null);
        }
    }

    private static LocalDate dayOf(Instant timestamp) {
        return LocalDate.ofInstant(timestamp, ZoneOffset.UTC);
    }
}
