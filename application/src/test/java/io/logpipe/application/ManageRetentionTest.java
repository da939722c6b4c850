package io.logpipe.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.AccessDeniedException;
import io.logpipe.domain.AuditAction;
import io.logpipe.domain.AuditEvent;
import io.logpipe.domain.InvalidRequestException;
import io.logpipe.domain.Principal;
import io.logpipe.domain.Role;
import io.logpipe.domain.StoreUnavailableException;
import io.logpipe.domain.testing.InMemoryRetentionPolicies;
import java.time.Clock;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ManageRetentionTest {
    private static final Principal ADMIN = new Principal("k1", "acme", Set.of(Role.ADMIN));
    private static final String ADDRESS = "192.0.2.7";
    private final InMemoryRetentionPolicies policies = new InMemoryRetentionPolicies();
    private final ManageRetention retention = new ManageRetention(policies, 30, Clock.systemUTC());

    @Test
    void showsTheDefaultUntilTheTenantSetsItsOwnAndAgainAfterClearing() {
        assertThat(retention.show(ADMIN)).isEqualTo(new RetentionSetting("acme", 30, RetentionSetting.Source.DEFAULT));

        assertThat(retention.set(ADMIN, ADDRESS, 7)).isEqualTo(new RetentionSetting("acme", 7, RetentionSetting.Source.TENANT));
        assertThat(retention.show(ADMIN)).isEqualTo(new RetentionSetting("acme", 7, RetentionSetting.Source.TENANT));

        assertThat(retention.clear(ADMIN, ADDRESS)).isEqualTo(new RetentionSetting("acme", 30, RetentionSetting.Source.DEFAULT));
        assertThat(policies.find("acme")).isEqualTo(OptionalInt.empty());
    }

    @Test
    void refusesDaysOutsideTheBoundsAndChangesNothing() {
        for (int days : new int[] {0, -1, 3651}) {
            assertThatThrownBy(() -> retention.set(ADMIN, ADDRESS, days)).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("nothing was changed");
        }
        assertThat(policies.list()).isEmpty();
        assertThat(retention.set(ADMIN, ADDRESS, 3650).days()).isEqualTo(3650);
    }

    @Test
    void refusesAKeyWithoutTheAdminRole() {
        Principal querier = new Principal("k2", "acme", Set.of(Role.QUERY, Role.INGEST));

        assertThatThrownBy(() -> retention.set(querier, ADDRESS, 7)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> retention.show(querier)).isInstanceOf(AccessDeniedException.class);
        assertThat(policies.list()).isEmpty();
    }

    @Test
    void auditsEachChangeWithTheValuesBeforeAndAfterAndNotAClearOfNothing() {
        retention.set(ADMIN, ADDRESS, 7);
        retention.clear(ADMIN, ADDRESS);
        retention.clear(ADMIN, ADDRESS);

        assertThat(policies.audit().all()).extracting(AuditEvent::detail)
                .containsExactly("days 30 (default) -> 7", "days 7 -> 30 (default)");
        assertThat(policies.audit().all()).allSatisfy(event -> {
            assertThat(event.action()).isEqualTo(AuditAction.RETENTION_CHANGE);
            assertThat(event.actor()).isEqualTo("k1");
            assertThat(event.tenant()).isEqualTo("acme");
            assertThat(event.remoteAddress()).isEqualTo(ADDRESS);
        });
    }

    @Test
    void changesNothingWhenTheAuditTrailCannotRecordIt() {
        policies.audit().setUnavailable(true);

        assertThatThrownBy(() -> retention.set(ADMIN, ADDRESS, 7)).isInstanceOf(StoreUnavailableException.class);
        assertThat(policies.find("acme")).isEmpty();
    }
}
