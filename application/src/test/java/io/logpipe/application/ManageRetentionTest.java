package io.logpipe.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.AccessDeniedException;
import io.logpipe.domain.InvalidRequestException;
import io.logpipe.domain.Principal;
import io.logpipe.domain.Role;
import io.logpipe.domain.testing.InMemoryRetentionPolicies;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ManageRetentionTest {
    private static final Principal ADMIN = new Principal("k1", "acme", Set.of(Role.ADMIN));
    private final InMemoryRetentionPolicies policies = new InMemoryRetentionPolicies();
    private final ManageRetention retention = new ManageRetention(policies, 30);

    @Test
    void showsTheDefaultUntilTheTenantSetsItsOwnAndAgainAfterClearing() {
        assertThat(retention.show(ADMIN)).isEqualTo(new RetentionSetting("acme", 30, RetentionSetting.Source.DEFAULT));

        assertThat(retention.set(ADMIN, 7)).isEqualTo(new RetentionSetting("acme", 7, RetentionSetting.Source.TENANT));
        assertThat(retention.show(ADMIN)).isEqualTo(new RetentionSetting("acme", 7, RetentionSetting.Source.TENANT));

        assertThat(retention.clear(ADMIN)).isEqualTo(new RetentionSetting("acme", 30, RetentionSetting.Source.DEFAULT));
        assertThat(policies.find("acme")).isEqualTo(OptionalInt.empty());
    }

    @Test
    void refusesDaysOutsideTheBoundsAndChangesNothing() {
        for (int days : new int[] {0, -1, 3651}) {
            assertThatThrownBy(() -> retention.set(ADMIN, days)).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("nothing was changed");
        }
        assertThat(policies.list()).isEmpty();
        assertThat(retention.set(ADMIN, 3650).days()).isEqualTo(3650);
    }

    @Test
    void refusesAKeyWithoutTheAdminRole() {
        Principal querier = new Principal("k2", "acme", Set.of(Role.QUERY, Role.INGEST));

        assertThatThrownBy(() -> retention.set(querier, 7)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> retention.show(querier)).isInstanceOf(AccessDeniedException.class);
        assertThat(policies.list()).isEmpty();
    }
}
