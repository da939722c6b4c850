package io.logpipe.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the audit trail: who did what to which tenant's what, when, from where, and how it ended.
 *
 * @param at when it happened
 * @param actor who: an API key id, {@value #CLI} for the operator's command line, or {@value #SYSTEM} for logpipe's own
 *     jobs such as retention
 * @param tenant whose data or settings it concerns
 * @param action what was done
 * @param target what it was done to, such as a key id or a day; empty when the action names it already
 * @param outcome how it ended
 * @param remoteAddress the client's address for requests over HTTP; null otherwise
 * @param detail a short, human-readable account, such as {@code "days 30 -> 7"}; empty when there is nothing to add
 */
public record AuditEvent(Instant at, String actor, String tenant, AuditAction action, String target,
        AuditOutcome outcome, String remoteAddress, String detail) {

    /** The actor of changes made through the command line. */
    public static final String CLI = "cli";
    /** The actor of changes logpipe makes by itself. */
    public static final String SYSTEM = "system";

    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Tenants.requireValid(tenant);
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }
}
