package io.logpipe.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.StoreUnavailableException;
import io.logpipe.domain.TenantRetention;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PostgresRetentionPoliciesIT {

    @Test
    void keepsOneOverridePerTenantUntilItIsCleared() {
        try (TestDatabase.IsolatedSchema schema = TestDatabase.isolatedSchema()) {
            PostgresRetentionPolicies policies = new PostgresRetentionPolicies(schema.jdbi());
            assertThat(policies.find("acme")).isEqualTo(OptionalInt.empty());

            policies.set("acme", 7);
            policies.set("acme", 14);
            policies.set("globex", 90);

            assertThat(policies.find("acme")).isEqualTo(OptionalInt.of(14));
            assertThat(policies.list()).containsExactly(new TenantRetention("acme", 14),
                    new TenantRetention("globex", 90));
            assertThat(policies.clear("acme")).isTrue();
            assertThat(policies.clear("acme")).isFalse();
            assertThat(policies.find("acme")).isEqualTo(OptionalInt.empty());
            assertThat(policies.list()).containsExactly(new TenantRetention("globex", 90));
        }
    }

    @Test
    void refusesARetentionBelowOneDayBeforeReachingTheDatabase() {
        PostgresRetentionPolicies policies = new PostgresRetentionPolicies(TestDatabase.unreachable());

        assertThatThrownBy(() -> policies.set("acme", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reportsAnUnreachableDatabaseAsUnavailable() {
        PostgresRetentionPolicies policies = new PostgresRetentionPolicies(TestDatabase.unreachable());

        assertThatThrownBy(() -> policies.find("acme")).isInstanceOf(StoreUnavailableException.class);
    }
}
