package io.logpipe.application;

import io.logpipe.domain.AuditAction;
import io.logpipe.domain.AuditEvent;
import io.logpipe.domain.AuditOutcome;
import java.time.Instant;

/** Audit events for tests that set up state through the ports directly. */
final class Audit {
    private Audit() {
    }

    static AuditEvent retentionChange(String tenant) {
        return new AuditEvent(Instant.parse("2025-01-01T00:00:00Z"), AuditEvent.CLI, tenant,
                AuditAction.RETENTION_CHANGE, "", AuditOutcome.SUCCESS, null, "set up by the test");
    }
}
