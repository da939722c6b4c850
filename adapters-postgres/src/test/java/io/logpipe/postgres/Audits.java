package io.logpipe.postgres;

import io.logpipe.domain.AuditAction;
import io.logpipe.domain.AuditEvent;
import io.logpipe.domain.AuditOutcome;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Audit events for the store tests, and what the database holds of them. */
final class Audits {
    private Audits() {
    }

    static AuditEvent event(String tenant, AuditAction action, String target, Instant at) {
        return new AuditEvent(at, "00000000000000a1", tenant, action, target, AuditOutcome.SUCCESS, "192.0.2.7",
                "by the test");
    }

    /** The actions recorded for {@code target}, oldest first. */
    static List<String> actionsFor(Jdbi jdbi, String target) {
        return jdbi.withHandle(handle -> handle
                .createQuery("SELECT action FROM audit_events WHERE target = :target ORDER BY id")
                .bind("target", target).mapTo(String.class).list());
    }

    /** Makes every audit insert in the schema fail, as a full disk or a broken table would. */
    static void breakAuditInserts(Jdbi jdbi) {
        jdbi.useHandle(handle -> {
            handle.execute("CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$ BEGIN RAISE EXCEPTION 'audit refused by the test'; END $$");
            handle.execute("CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events "
                    + "FOR EACH ROW EXECUTE FUNCTION refuse_audit()");
        });
    }
}
