package io.logpipe.application;

import io.logpipe.domain.AuditAction;
import io.logpipe.domain.AuditEvent;
import io.logpipe.domain.AuditOutcome;
import io.logpipe.domain.AuditTrail;
import io.logpipe.domain.KeyVerdict;
import io.logpipe.domain.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records refused requests in the audit trail of the tenant they concern: a wrong secret, an expired or revoked key,
 * or a role the key lacks. A key id no key has concerns no tenant and is only counted.
 *
 * <p>A flood of refused requests must neither fill the trail nor take database connections, and auditing must never
 * change the answer a client gets. So one event is recorded per key, address and reason per {@link #QUIET_PERIOD}
 * (its detail counts how often it happened since the last one), at most {@link #MAX_PER_SECOND} events a second in
 * all, and a failure to record is counted, not thrown. Thread-safe.
 */
public final class AuditDenials {
    /** How long after recording a denial the same key, address and reason are only counted. */
    public static final Duration QUIET_PERIOD = Duration.ofMinutes(1);
    /** The most denial events recorded per second, across all keys and addresses. */
    public static final int MAX_PER_SECOND = 20;
    private static final int MAX_REMEMBERED = 10_000;

    private final AuditTrail trail;
    private final Clock clock;
    private final Map<Subject, Seen> seen = new LinkedHashMap<>();
    private final AtomicLong unrecorded = new AtomicLong();
    private long currentSecond;
    private int recordedThisSecond;

    public AuditDenials(AuditTrail trail, Clock clock) {
        this.trail = trail;
        this.clock = clock;
    }

    /** A request whose key was refused (401). */
    public void refused(KeyVerdict.Refused verdict, String remoteAddress) {
        if (verdict.tenant() == null) {
            unrecorded.incrementAndGet();
            return;
        }
        record(verdict.tenant(), verdict.keyId(), remoteAddress, "key refused: " + verdict.reason().name()
                .toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
    }

    /** A request the caller's key lacks the role for (403). */
    public void forbidden(Principal caller, String remoteAddress, String request) {
        record(caller.tenant(), caller.keyId(), remoteAddress, "role missing for " + request);
    }

    /** Denials not recorded: of unknown keys, throttled, or lost to a failing store. For metrics. */
    public long unrecorded() {
        return unrecorded.get();
    }

    private void record(String tenant, String keyId, String remoteAddress, String why) {
        Instant now = clock.instant();
        Subject subject = new Subject(tenant, keyId, remoteAddress, why);
        long repeats = admit(subject, now);
        if (repeats < 0) {
            unrecorded.incrementAndGet();
            return;
        }
        String detail = repeats == 0 ? why : why + " (" + repeats + " more since the last event)";
        try {
            trail.record(new AuditEvent(now, keyId, tenant, AuditAction.AUTH_DENIED, keyId, AuditOutcome.DENIED,
                    remoteAddress, detail));
        } catch (RuntimeException e) {
            unrecorded.incrementAndGet();
        }
    }

    /** The number of unrecorded repeats to report, or -1 when this one is to be counted only. */
    private synchronized long admit(Subject subject, Instant now) {
        Seen last = seen.get(subject);
        if (last != null && now.isBefore(last.recordedAt.plus(QUIET_PERIOD))) {
            last.repeats++;
            return -1;
        }
        long second = now.getEpochSecond();
        if (second != currentSecond) {
            currentSecond = second;
            recordedThisSecond = 0;
        }
        if (recordedThisSecond >= MAX_PER_SECOND) {
            return -1;
        }
        recordedThisSecond++;
        seen.remove(subject);
        seen.put(subject, new Seen(now));
        if (seen.size() > MAX_REMEMBERED) {
            Iterator<Subject> oldest = seen.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return last == null ? 0 : last.repeats;
    }

    private record Subject(String tenant, String keyId, String remoteAddress, String why) {
        Subject {
            Objects.requireNonNull(tenant);
        }
    }

    private static final class Seen {
        final Instant recordedAt;
        long repeats;

        Seen(Instant recordedAt) {
            this.recordedAt = recordedAt;
        }
    }
}
