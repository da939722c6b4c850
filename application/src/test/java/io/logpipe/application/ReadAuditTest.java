package io.logpipe.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.AccessDeniedException;
import io.logpipe.domain.AuditAction;
import io.logpipe.domain.AuditPage;
import io.logpipe.domain.Principal;
import io.logpipe.domain.Role;
import io.logpipe.domain.testing.InMemoryAuditTrail;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReadAuditTest {
    private final InMemoryAuditTrail trail = new InMemoryAuditTrail();
    private final ReadAudit audit = new ReadAudit(trail);

    @Test
    void showsAnAdminItsOwnTenantsEventsOnlyNewestFirst() {
        trail.record(Audit.retentionChange("acme"));
        trail.record(Audit.retentionChange("globex"));
        trail.record(Audit.retentionChange("acme"));

        AuditPage page = audit.page(new Principal("k1", "acme", Set.of(Role.ADMIN)), 10,
                Optional.of(AuditAction.RETENTION_CHANGE), OptionalLong.empty());

        assertThat(page.events()).extracting(stored -> stored.id()).containsExactly(3L, 1L);
        assertThat(page.events()).allSatisfy(stored -> assertThat(stored.event().tenant()).isEqualTo("acme"));
    }

    @Test
    void showsNothingToAKeyWithoutTheAdminRole() {
        Principal reader = new Principal("k2", "acme", Set.of(Role.QUERY, Role.INGEST));

        assertThatThrownBy(() -> audit.page(reader, 10, Optional.empty(), OptionalLong.empty()))
                .isInstanceOf(AccessDeniedException.class);
    }
}
