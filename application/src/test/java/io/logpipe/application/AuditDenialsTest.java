package io.logpipe.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.logpipe.domain.AuditAction;
import io.logpipe.domain.AuditEvent;
import io.logpipe.domain.AuditOutcome;
import io.logpipe.domain.KeyVerdict.Reason;
import io.logpipe.domain.KeyVerdict.Refused;
import io.logpipe.domain.Principal;
import io.logpipe.domain.Role;
import io.logpipe.domain.testing.InMemoryAuditTrail;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AuditDenialsTest {
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final Refused WRONG_SECRET = new Refused(Reason.WRONG_SECRET, "00000000000000a1", "acme");

    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final InMemoryAuditTrail trail = new InMemoryAuditTrail();
    private final AuditDenials denials = new AuditDenials(trail, new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    });

    @Test
    void recordsAWrongSecretInTheTenantOfTheKeyItNamed() {
        denials.refused(WRONG_SECRET, "192.0.2.7");

        assertThat(trail.all()).singleElement().satisfies(event -> {
            assertThat(event.tenant()).isEqualTo("acme");
            assertThat(event.action()).isEqualTo(AuditAction.AUTH_DENIED);
            assertThat(event.outcome()).isEqualTo(AuditOutcome.DENIED);
            assertThat(event.target()).isEqualTo("00000000000000a1");
            assertThat(event.remoteAddress()).isEqualTo("192.0.2.7");
            assertThat(event.detail()).isEqualTo("key refused: wrong secret");
        });
    }

    @Test
    void recordsAMissingRoleWithTheRequest() {
        denials.forbidden(new Principal("00000000000000a2", "acme", Set.of(Role.INGEST)), "192.0.2.7",
                "GET /admin/keys");

        assertThat(trail.all()).extracting(AuditEvent::detail).containsExactly("role missing for GET /admin/keys");
    }

    @Test
    void countsButDoesNotRecordAKeyIdNoKeyHas() {
        denials.refused(new Refused(Reason.UNKNOWN, "0123456789abcdef", null), "192.0.2.7");
        denials.refused(Refused.of(Reason.MALFORMED), "192.0.2.7");

        assertThat(trail.all()).isEmpty();
        assertThat(denials.unrecorded()).isEqualTo(2);
    }

    @Test
    void recordsARepeatOncePerQuietPeriodAndThenSaysHowOftenItHappened() {
        for (int i = 0; i < 50; i++) {
            denials.refused(WRONG_SECRET, "192.0.2.7");
        }
        now.set(T0.plus(AuditDenials.QUIET_PERIOD));
        denials.refused(WRONG_SECRET, "192.0.2.7");

        assertThat(trail.all()).extracting(AuditEvent::detail).containsExactly("key refused: wrong secret",
                "key refused: wrong secret (49 more since the last event)");
    }

    @Test
    void recordsAtMostItsLimitPerSecondAcrossAddresses() {
        for (int i = 0; i < 100; i++) {
            denials.refused(WRONG_SECRET, "192.0.2." + i);
        }
        now.set(T0.plus(Duration.ofSeconds(1)));
        denials.refused(WRONG_SECRET, "198.51.100.1");

        assertThat(trail.all()).hasSize(AuditDenials.MAX_PER_SECOND + 1);
    }

    @Test
    void neverThrowsWhenTheTrailIsDown() {
        trail.setUnavailable(true);

        assertThatCode(() -> denials.refused(WRONG_SECRET, "192.0.2.7")).doesNotThrowAnyException();
        assertThat(denials.unrecorded()).isEqualTo(1);
    }
}
