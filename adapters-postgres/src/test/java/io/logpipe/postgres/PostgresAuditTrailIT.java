package io.logpipe.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.AuditAction;
import io.logpipe.domain.AuditEvent;
import io.logpipe.domain.AuditOutcome;
import io.logpipe.domain.AuditPage;
import io.logpipe.domain.StoreUnavailableException;
import io.logpipe.domain.StoredAuditEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PostgresAuditTrailIT {
    private static final Instant AT = Instant.parse("2031-05-01T08:00:00.123456Z");

    private final PostgresAuditTrail trail = new PostgresAuditTrail(TestDatabase.jdbi());
    private final String tenant = TestDatabase.newTenant();

    @Test
    void keepsEveryFieldOfAnEvent() {
        AuditEvent event = new AuditEvent(AT, "00000000000000a1", tenant, AuditAction.AUTH_DENIED,
                "00000000000000a2", AuditOutcome.DENIED, "2001:db8::7", "key refused: wrong secret");

        trail.record(event);

        assertThat(trail.page(tenant, 10, Optional.empty(), OptionalLong.empty()).events())
                .extracting(StoredAuditEvent::event).containsExactly(event);
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
    void refusesALimitOutOfRangeAndReportsAnUnreachableDatabase() {
        assertThatThrownBy(() -> trail.page(tenant, 0, Optional.empty(), OptionalLong.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        PostgresAuditTrail unreachable = new PostgresAuditTrail(TestDatabase.unreachable());
        assertThatThrownBy(() -> unreachable.record(Audits.event(tenant, AuditAction.KEY_CREATE, "x", AT)))
                .isInstanceOf(StoreUnavailableException.class);
    }
}
