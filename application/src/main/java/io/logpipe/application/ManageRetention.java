package io.logpipe.application;

import io.logpipe.domain.AuditAction;
import io.logpipe.domain.AuditEvent;
import io.logpipe.domain.AuditOutcome;
import io.logpipe.domain.InvalidRequestException;
import io.logpipe.domain.Principal;
import io.logpipe.domain.RetentionPolicies;
import io.logpipe.domain.Role;
import io.logpipe.domain.Tenants;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Shows, sets and clears a tenant's retention. An API caller needs the admin role and acts on its own tenant only; the
 * operator's command line names any tenant. Both follow the same bounds.
 */
public final class ManageRetention {
    public static final int MIN_DAYS = 1;
    public static final int MAX_DAYS = 3650;

    private final RetentionPolicies policies;
    private final int defaultDays;
    private final Clock clock;

    public ManageRetention(RetentionPolicies policies, int defaultDays, Clock clock) {
        this.policies = policies;
        this.defaultDays = defaultDays;
        this.clock = clock;
    }

    /** @throws io.logpipe.domain.AccessDeniedException if the caller lacks the admin role */
    public RetentionSetting show(Principal caller) {
        return show(tenantOf(caller));
    }

    /**
     * @throws io.logpipe.domain.AccessDeniedException if the caller lacks the admin role
     * @throws InvalidRequestException if {@code days} is outside {@value #MIN_DAYS}..{@value #MAX_DAYS}
     */
    public RetentionSetting set(Principal caller, String remoteAddress, int days) {
        return set(tenantOf(caller), days, caller.keyId(), remoteAddress);
    }

    /** @throws io.logpipe.domain.AccessDeniedException if the caller lacks the admin role */
    public RetentionSetting clear(Principal caller, String remoteAddress) {
        return clear(tenantOf(caller), caller.keyId(), remoteAddress);
    }

    /** @throws IllegalArgumentException if the tenant name is invalid */
    public RetentionSetting show(String tenant) {
        OptionalInt days = policies.find(Tenants.requireValid(tenant));
        return days.isPresent()
                ? new RetentionSetting(tenant, days.getAsInt(), RetentionSetting.Source.TENANT)
                : new RetentionSetting(tenant, defaultDays, RetentionSetting.Source.DEFAULT);
    }

    /**
     * @throws InvalidRequestException if {@code days} is outside {@value #MIN_DAYS}..{@value #MAX_DAYS}
     * @throws IllegalArgumentException if the tenant name is invalid
     */
    public RetentionSetting set(String tenant, int days) {
        return set(tenant, days, AuditEvent.CLI, null);
    }

    /** @throws IllegalArgumentException if the tenant name is invalid */
    public RetentionSetting clear(String tenant) {
        return clear(tenant, AuditEvent.CLI, null);
    }

    private RetentionSetting set(String tenant, int days, String actor, String remoteAddress) {
        if (days < MIN_DAYS || days > MAX_DAYS) {
            throw new InvalidRequestException("invalid retention; nothing was changed",
                    List.of("days: must be from " + MIN_DAYS + " to " + MAX_DAYS + "; got " + days));
        }
        RetentionSetting before = show(tenant);
        policies.set(tenant, days, event(tenant, actor, remoteAddress,
                "days " + before.days() + " (" + before.source().name().toLowerCase(Locale.ROOT) + ") -> " + days));
        return new RetentionSetting(tenant, days, RetentionSetting.Source.TENANT);
    }

    private RetentionSetting clear(String tenant, String actor, String remoteAddress) {
        RetentionSetting before = show(tenant);
        policies.clear(tenant, event(tenant, actor, remoteAddress,
                "days " + before.days() + " -> " + defaultDays + " (default)"));
        return new RetentionSetting(tenant, defaultDays, RetentionSetting.Source.DEFAULT);
    }

    private AuditEvent event(String tenant, String actor, String remoteAddress, String detail) {
        return new AuditEvent(clock.instant(), actor, tenant, AuditAction.RETENTION_CHANGE, "", AuditOutcome.SUCCESS,
                remoteAddress, detail);
    }

    private static String tenantOf(Principal caller) {
        caller.require(Role.ADMIN);
        return caller.tenant();
    }
}
