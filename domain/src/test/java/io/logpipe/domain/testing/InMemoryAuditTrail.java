package io.logpipe.domain.testing;

import io.logpipe.domain.AuditAction;
import io.logpipe.domain.AuditEvent;
import io.logpipe.domain.AuditPage;
import io.logpipe.domain.AuditTrail;
import io.logpipe.domain.StoreUnavailableException;
import io.logpipe.domain.StoredAuditEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An {@link AuditTrail} in memory, keeping the port's contract. The other in-memory stores record their events here, as
 * the real ones do in the same transaction. Can be made to fail with {@link #setUnavailable}. Thread-safe.
 */
public final class InMemoryAuditTrail implements AuditTrail {
    private final List<StoredAuditEvent> events = new ArrayList<>();
    private boolean unavailable;

    @Override
    public synchronized void record(AuditEvent event) {
        failIfDown();
        events.add(new StoredAuditEvent(events.size() + 1L, event));
    }

    @Override
    public synchronized AuditPage page(String tenant, int limit, Optional<AuditAction> action,
            OptionalLong beforeId) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT + "; got " + limit);
        }
        failIfDown();
        List<StoredAuditEvent> matching = events.stream()
                .filter(stored -> stored.event().tenant().equals(tenant))
                .filter(stored -> action.isEmpty() || stored.event().action() == action.get())
                .filter(stored -> beforeId.isEmpty() || stored.id() < beforeId.getAsLong())
                .sorted(Comparator.comparingLong(StoredAuditEvent::id).reversed())
                .limit(limit + 1L)
                .toList();
        if (matching.size() <= limit) {
            return new AuditPage(matching, OptionalLong.empty());
        }
        List<StoredAuditEvent> page = matching.subList(0, limit);
        return new AuditPage(page, OptionalLong.of(page.get(limit - 1).id()));
    }

    /** Every event recorded, oldest first. */
    public synchronized List<AuditEvent> all() {
        return events.stream().map(StoredAuditEvent::event).toList();
    }

    /** While {@code down}, every call of the port throws {@link StoreUnavailableException} and records nothing. */
    public synchronized void setUnavailable(boolean down) {
        unavailable = down;
    }

    /** For the other fakes: fails as the shared store would, before they change anything. */
    synchronized void failIfDown() {
        if (unavailable) {
            throw new StoreUnavailableException("audit store down (test)", null);
        }
    }
}
