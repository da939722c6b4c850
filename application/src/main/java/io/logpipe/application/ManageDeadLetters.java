package io.logpipe.application;

import io.logpipe.domain.DeadLetterPage;
import io.logpipe.domain.DeadLetterScope;
import io.logpipe.domain.DeadLetterStore;
import io.logpipe.domain.Principal;
import io.logpipe.domain.ReplayReport;
import io.logpipe.domain.Role;
import io.logpipe.domain.StoredDeadLetter;
import java.util.List;
import java.util.Optional;

/**
 * Lists, inspects, replays and purges the caller's dead letters. Every call needs the admin role and acts on the
 * caller's own tenant only: another tenant's dead letters, and queue records that could not be decoded (which belong
 * to no tenant), are to it as ids that never existed. Seeing all of them is for the operator, who holds the queue's
 * credentials and uses the {@link DeadLetterStore} directly.
 */
public final class ManageDeadLetters {
    private final DeadLetterStore store;

    public ManageDeadLetters(DeadLetterStore store) {
        this.store = store;
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
    public ReplayReport replay(Principal caller, List<String> ids) {
        return store.replay(scopeOf(caller), ids);
    }

    /** @throws io.logpipe.domain.AccessDeniedException if the caller lacks the admin role */
    public long replayAll(Principal caller) {
        return store.replayAll(scopeOf(caller));
    }

    /**
     * @return the ids purged; the others named none of the caller's dead letters
     * @throws io.logpipe.domain.AccessDeniedException if the caller lacks the admin role
     */
    public List<String> purge(Principal caller, List<String> ids) {
        return store.purge(scopeOf(caller), ids);
    }

    /** @throws io.logpipe.domain.AccessDeniedException if the caller lacks the admin role */
    public long purgeAll(Principal caller) {
        return store.purgeAll(scopeOf(caller));
    }

    private static DeadLetterScope scopeOf(Principal caller) {
        caller.require(Role.ADMIN);
        return DeadLetterScope.of(caller.tenant());
    }
}
