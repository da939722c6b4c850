package io.logpipe.application;

import io.logpipe.domain.AuditAction;
import io.logpipe.domain.AuditPage;
import io.logpipe.domain.AuditTrail;
import io.logpipe.domain.Principal;
import io.logpipe.domain.Role;
import java.util.Optional;
import java.util.OptionalLong;

/** Shows a tenant's admin its own audit trail, newest first; never another tenant's. */
public final class ReadAudit {
    private final AuditTrail trail;

    public ReadAudit(AuditTrail trail) {
        this.trail = trail;
    }

    /**
     * @param limit from 1 to {@link AuditTrail#MAX_LIMIT}
     * @param beforeId the previous page's {@link AuditPage#nextBefore()}, or empty for the newest events
     * @throws io.logpipe.domain.AccessDeniedException if the caller lacks the admin role
     * @throws IllegalArgumentException if {@code limit} is out of range
     * @throws io.logpipe.domain.StoreUnavailableException if the trail cannot be read
     */
    public AuditPage page(Principal caller, int limit, Optional<AuditAction> action, OptionalLong beforeId) {
        caller.require(Role.ADMIN);
        return trail.page(caller.tenant(), limit, action, beforeId);
    }
}
