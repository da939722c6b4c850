package io.logpipe.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.AuditAction;
import io.logpipe.domain.AuditEvent;
import io.logpipe.domain.StoreUnavailableException;
import io.logpipe.domain.TenantRetention;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PostgresRetentionPoliciesIT {

    @Test
    void keepsOneOverridePerTenantUntilItIsCleared() {
        try (TestDatabase.IsolatedSchema schema = TestDatabase.isolatedSchema()) {
            PostgresRetentionPolicies policies = new PostgresRetentionPolicies(schema.jdbi());
            assertThat(policies.find("acme")).isEqualTo(OptionalInt.empty());

            policies.set("acme", 7, change("acme"));
            policies.set("acme", 14, change("acme"));
            policies.set("globex", 90, change("globex"));

            assertThat(policies.find("acme")).isEqualTo(OptionalInt.of(14));
            assertThat(policies.list()).containsExactly(new TenantRetention("acme", 14),
                    new TenantRetention("globex", 90));
            assertThat(policies.clear("acme", change("acme"))).isTrue();
            assertThat(policies.clear("acme", change("acme"))).isFalse();
            assertThat(policies.find("acme")).isEqualTo(OptionalInt.empty());
            assertThat(policies.list()).containsExactly(new TenantRetention("globex", 90));
            List<String> audited = schema.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT tenant FROM audit_events WHERE action = 'retention.change' ORDER BY id")
                    .mapTo(String.class).list());
            assertThat(audited).containsExactly("acme", "acme", "globex", "acme");
        }
    }

    @Test
    void changesNoRetentionWhenItsAuditEventCannotBeWritten() {
        try (TestDatabase.IsolatedSchema schema = TestDatabase.isolatedSchema()) {
            PostgresRetentionPolicies policies = new PostgresRetentionPolicies(schema.jdbi());
            policies.set("acme", 7, change("acme"));
            Audits.breakAuditInserts(schema.jdbi());

            assertThatThrownBy(() -> policies.set("acme", 14, change("acme"))).isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> policies.clear("acme", change("acme"))).isInstanceOf(RuntimeException.class);
            assertThat(policies.find("acme")).isEqualTo(OptionalInt.of(7));
        }
    }

    private static AuditEvent change(String tenant) {
        return Audits.event(tenant, AuditAction.RETENTION_CHANGE, "", Instant.parse("2031-05-01T08:00:00Z"));
    }

    @Test
    void refusesARetentionBelowOneDayBeforeReachingTheDatabase() {
        PostgresRetentionPolicies policies = new PostgresRetentionPolicies(TestDatabase.unreachable());

        assertThatThrownBy(() -> policies.set("acme", 0, change("acme"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reportsAnUnreachableDatabaseAsUnavailable() {
        PostgresRetentionPolicies policies = new PostgresRetentionPolicies(TestDatabase.unreachable());

        assertThatThrownBy(() -> policies.find("acme")).isInstanceOf(StoreUnavailableException.class);
    }
}
