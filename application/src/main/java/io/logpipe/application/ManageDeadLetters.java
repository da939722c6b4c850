package io.logpipe.application;

import io.logpipe.domain.AuditAction;
import io.logpipe.domain.AuditEvent;
import io.logpipe.domain.AuditOutcome;
import io.logpipe.domain.AuditTrail;
import io.logpipe.domain.DeadLetterPage;
import io.logpipe.domain.DeadLetterScope;
import io.logpipe.domain.DeadLetterStore;
import io.logpipe.domain.Principal;
import io.logpipe.domain.ReplayReport;
import io.logpipe.domain.Role;
import io.logpipe.domain.StoredDeadLetter;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Lists, inspects, replays and purges the caller's dead letters. Every call needs the admin role and acts on the
 * caller's own tenant only: another tenant's dead letters, and queue records that could not be decoded (which belong
 * to no tenant), are to it as ids that never existed. Seeing all of them is for the operator, who holds the queue's
 * credentials and uses the {@link DeadLetterStore} directly.
 *
 * <p>Replays and purges are audited. Dead letters live in the queue, not in the audit trail's store, so the two cannot
 * commit together: the event is recorded first, and the action runs only once it is durable (an unreachable trail
 * refuses the action); if the action then fails, a second event records the failure.
 */
public final class ManageDeadLetters {
    private final DeadLetterStore store;
    private final AuditTrail audit;
    private final Clock clock;

    public ManageDeadLetters(DeadLetterStore store, AuditTrail audit, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @param limit from 1 to {@link DeadLetterStore#MAX_LIMIT}
     * @param cursor the previous page's next cursor, or null for the first page
     * @throws io.logpipe.domain.AccessDeniedException if the caller lacks the admin role
     * @throws io.logpipe.domain.InvalidRequestException if the cursor is not one the store made
     */
    public DeadLetterPage list(Principal caller, int limit, String cursor) {
        return store.list(scopeOf(caller), limit, cursor);
    }

    /** @throws io.logpipe.domain.AccessDeniedException if the caller lacks the admin role */
    public Optional<StoredDeadLetter> inspect(Principal caller, String id) {
        return store.find(scopeOf(caller), id);
    }

    /** @throws io.logpipe.domain.AccessDeniedException if the caller lacks the admin role */
    public ReplayReport replay(Principal caller, String remoteAddress, List<String> ids) {
        DeadLetterScope scope = scopeOf(caller);
        return audited(caller, remoteAddress, AuditAction.DEAD_LETTERS_REPLAY, ids,
                () -> store.replay(scope, ids));
    }

    /** @throws io.logpipe.domain.AccessDeniedException if the caller lacks the admin role */
    public long replayAll(Principal caller, String remoteAddress) {
        DeadLetterScope scope = scopeOf(caller);
        return audited(caller, remoteAddress, AuditAction.DEAD_LETTERS_REPLAY, List.of(),
                () -> store.replayAll(scope));
    }

    /**
     * @return the ids purged; the others named none of the caller's dead letters
     * @throws io.logpipe.domain.AccessDeniedException if the caller lacks the admin role
     */
    public List<String> purge(Principal caller, String remoteAddress, List<String> ids) {
        DeadLetterScope scope = scopeOf(caller);
        return audited(caller, remoteAddress, AuditAction.DEAD_LETTERS_PURGE, ids, () -> store.purge(scope, ids));
    }

    /** @throws io.logpipe.domain.AccessDeniedException if the caller lacks the admin role */
    public long purgeAll(Principal caller, String remoteAddress) {
        DeadLetterScope scope = scopeOf(caller);
        return audited(caller, remoteAddress, AuditAction.DEAD_LETTERS_PURGE, List.of(),
                () -> store.purgeAll(scope));
    }

    /** @param ids the dead letters named; empty for all of the tenant's */
    private <T> T audited(Principal caller, String remoteAddress, AuditAction action, List<String> ids,
            Supplier<T> work) {
        String target = ids.isEmpty() ? "all" : String.join(",", ids);
        audit.record(event(caller, remoteAddress, action, target, AuditOutcome.SUCCESS, ""));
        try {
            return work.get();
        } catch (RuntimeException e) {
            try {
                audit.record(event(caller, remoteAddress, action, target, AuditOutcome.FAILURE,
                        "the queue did not complete it: " + e.getMessage()));
            } catch (RuntimeException auditFailure) {
                e.addSuppressed(auditFailure);
            }
            throw e;
        }
    }

    private AuditEvent event(Principal caller, String remoteAddress, AuditAction action, String target,
            AuditOutcome outcome, String detail) {
        return new AuditEvent(clock.instant(), caller.keyId(), caller.tenant(), action, target, outcome,
                remoteAddress, detail);
    }

    private static DeadLetterScope scopeOf(Principal caller) {
        caller.require(Role.ADMIN);
        return DeadLetterScope.of(caller.tenant());
    }
}
