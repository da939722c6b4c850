package io.logpipe.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.domain.AuditAction;
import io.logpipe.domain.AuditEvent;
import io.logpipe.domain.AuditOutcome;
import io.logpipe.domain.AuditPage;
import io.logpipe.domain.StoreUnavailableException;
import io.logpipe.domain.StoredAuditEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

class PostgresAuditTrailIT {
    private static final Instant AT = Instant.parse("2031-05-01T08:00:00.123456Z");

    private final PostgresAuditTrail trail = new PostgresAuditTrail(TestDatabase.jdbi());
    private final String tenant = TestDatabase.newTenant();

    @Test
    void keepsEveryFieldOfAnEvent() {
        AuditEvent denied = new AuditEvent(AT, "00000000000000a1", tenant, AuditAction.AUTH_DENIED,
                "00000000000000a2", AuditOutcome.DENIED, "2001:db8::7", "key refused: wrong secret");
        AuditEvent byTheSystem = new AuditEvent(AT.plusSeconds(1), AuditEvent.SYSTEM, tenant,
                AuditAction.RETENTION_CHANGE, "", AuditOutcome.FAILURE, null, "");

        trail.record(denied);
        trail.record(byTheSystem);

        assertThat(trail.page(tenant, 10, Optional.empty(), OptionalLong.empty()).events())
                .extracting(StoredAuditEvent::event).containsExactly(byTheSystem, denied);
    }

    @Test
    void pagesThroughTheTenantsEventsNewestFirstEachOnce() {
        for (int i = 0; i < 7; i++) {
            trail.record(Audits.event(tenant, AuditAction.KEY_CREATE, "key-" + i, AT.plusSeconds(i)));
        }

        List<String> targets = new ArrayList<>();
        OptionalLong before = OptionalLong.empty();
        int pages = 0;
        do {
            AuditPage page = trail.page(tenant, 3, Optional.empty(), before);
            page.events().forEach(stored -> targets.add(stored.event().target()));
            before = page.nextBefore();
            pages++;
        } while (before.isPresent());

        assertThat(targets).containsExactly("key-6", "key-5", "key-4", "key-3", "key-2", "key-1", "key-0");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void filtersByActionAndNeverShowsAnotherTenantsEvents() {
        String other = TestDatabase.newTenant();
        trail.record(Audits.event(tenant, AuditAction.KEY_CREATE, "mine", AT));
        trail.record(Audits.event(tenant, AuditAction.KEY_REVOKE, "mine", AT));
        trail.record(Audits.event(other, AuditAction.KEY_REVOKE, "theirs", AT));

        assertThat(trail.page(tenant, 10, Optional.of(AuditAction.KEY_REVOKE), OptionalLong.empty()).events())
                .extracting(stored -> stored.event().tenant() + "/" + stored.event().action().wireName())
                .containsExactly(tenant + "/key.revoke");
        assertThat(trail.page(tenant, 10, Optional.empty(), OptionalLong.empty()).events())
                .allSatisfy(stored -> assertThat(stored.event().tenant()).isEqualTo(tenant));
    }

    @Test
    void pagesThroughOneActionOfTheTenantNewestFirstAmongOtherActionsAndTenants() {
        String other = TestDatabase.newTenant();
        for (int i = 0; i < 5; i++) {
            trail.record(Audits.event(tenant, AuditAction.KEY_REVOKE, "revoked-" + i, AT.plusSeconds(i)));
            trail.record(Audits.event(tenant, AuditAction.KEY_CREATE, "created-" + i, AT.plusSeconds(i)));
            trail.record(Audits.event(other, AuditAction.KEY_REVOKE, "theirs-" + i, AT.plusSeconds(i)));
        }

        AuditPage first = trail.page(tenant, 2, Optional.of(AuditAction.KEY_REVOKE), OptionalLong.empty());
        AuditPage second = trail.page(tenant, 2, Optional.of(AuditAction.KEY_REVOKE), first.nextBefore());
        AuditPage last = trail.page(tenant, 2, Optional.of(AuditAction.KEY_REVOKE), second.nextBefore());

        assertThat(List.of(first, second, last)).flatExtracting(AuditPage::events)
                .extracting(stored -> stored.event().target())
                .containsExactly("revoked-4", "revoked-3", "revoked-2", "revoked-1", "revoked-0");
        assertThat(last.nextBefore()).isEmpty();
    }

    /**
     * The statements as the server runs them once the driver has prepared them: planned once for all values. The
     * tenant's newest 5,000 events lie above the cursor, and a page must not read them again.
     */
    @Test
    void readsADeepPageWithoutReadingTheNewerEventsAgain() throws Exception {
        try (TestDatabase.IsolatedSchema schema = TestDatabase.isolatedSchema();
                Handle handle = schema.jdbi().open()) {
            handle.execute("""
                    INSERT INTO audit_events (at, actor, tenant, action, target, outcome, detail)
                    SELECT now(), 'cli', 'tenant-' || i % 4,
                           CASE WHEN i % 3 = 0 THEN 'key.revoke' ELSE 'key.create' END, 'key-' || i, 'success', ''
                    FROM generate_series(1, 40000) AS i
                    """);
            handle.execute("ANALYZE audit_events");
            handle.execute("SET plan_cache_mode = force_generic_plan");

            for (boolean byAction : List.of(false, true)) {
                String explained = explainDeepPage(handle, byAction, 40_000 - 5_000 * 4);

                // Any index may serve, the primary key too (skipping other tenants' events among the ids it reads),
                // as long as the scan starts at the cursor.
                JsonNode scan = new ObjectMapper().readTree(explained).get(0).get("Plan").get("Plans").get(0);
                long read = scan.get("Actual Rows").asLong() + scan.path("Rows Removed by Filter").asLong();
                assertThat(scan.path("Index Cond").asText()).as("plan %s", explained).contains("id < ");
                assertThat(read).as("plan %s", explained).isLessThan(5_000);
            }
        }
    }

    /** Prepares the store's statement with positional parameters, and explains running it for tenant-0. */
    private static String explainDeepPage(Handle handle, boolean byAction, long cursor) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("tenant", "'tenant-0'");
        if (byAction) {
            values.put("action", "'key.revoke'");
        }
        values.put("before", cursor);
        values.put("limit", 51);
        String statement = PostgresAuditTrail.pageStatement(byAction, true);
        int position = 0;
        for (String name : values.keySet()) {
            statement = statement.replace(":" + name, "$" + ++position);
        }
        String name = byAction ? "page_by_action" : "page";
        handle.execute("PREPARE " + name + " AS " + statement);
        return handle.createQuery("EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE " + name + "("
                        + String.join(", ", values.values().stream().map(String::valueOf).toList()) + ")")
                .mapTo(String.class).one();
    }

    @Test
    void refusesALimitOutOfRangeAndReportsAnUnreachableDatabase() {
        assertThatThrownBy(() -> trail.page(tenant, 0, Optional.empty(), OptionalLong.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        PostgresAuditTrail unreachable = new PostgresAuditTrail(TestDatabase.unreachable());
        assertThatThrownBy(() -> unreachable.record(Audits.event(tenant, AuditAction.KEY_CREATE, "x", AT)))
                .isInstanceOf(StoreUnavailableException.class);
    }
}
