package io.logpipe.application;

import static io.logpipe.application.Entries.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.logpipe.domain.AccessDeniedException;
import io.logpipe.domain.AuditAction;
import io.logpipe.domain.AuditEvent;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.Principal;
import io.logpipe.domain.ReplayReport;
import io.logpipe.domain.Role;
import io.logpipe.domain.StoreUnavailableException;
import io.logpipe.domain.StoredDeadLetter;
import io.logpipe.domain.testing.InMemoryAuditTrail;
import io.logpipe.domain.testing.InMemoryDeadLetterStore;
import io.logpipe.domain.testing.InMemoryLogQueue;
import io.logpipe.domain.testing.InMemoryLogStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ManageDeadLettersTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Principal ACME_ADMIN = new Principal("00000000000000a1", "acme", Set.of(Role.ADMIN));
    private static final Principal GLOBEX_ADMIN = new Principal("00000000000000b1", "globex", Set.of(Role.ADMIN));
    private static final Principal ACME_EVERYTHING_BUT_ADMIN =
            new Principal("00000000000000a2", "acme", Set.of(Role.INGEST, Role.QUERY));

    private static final String ADDRESS = "192.0.2.7";

    private final InMemoryAuditTrail audit = new InMemoryAuditTrail();
    private final InMemoryLogQueue queue = new InMemoryLogQueue();
    private final InMemoryLogStore store = new InMemoryLogStore();
    private final InMemoryDeadLetterStore deadLetters = queue.deadLetterStore();
    private final DrainQueue drain = new DrainQueue(queue, store, 100, Duration.ZERO);
    private final ManageDeadLetters manage = new ManageDeadLetters(deadLetters, audit, Clock.systemUTC());

    private final LogEntry acmePoison = entry("acme", "poison", T0);
    private final LogEntry globexPoison = entry("globex", "poison", T0.plusSeconds(1));

    @BeforeEach
    void givenEntriesOfTwoTenantsTheStoreRefused() {
        queue.enqueue(List.of(acmePoison, entry("acme", "fine", T0.plusSeconds(2))), 1_000);
        queue.enqueue(List.of(globexPoison), 1_000);
        store.refuse(entry -> entry.service().equals("poison"));
        drain.drainOnce("worker-1");
    }

    @Test
    void listsOnlyTheCallersOwnDeadLettersWithWhyTheyWereSetAside() {
        deadLetters.setAsideUndecodable("garbage", "not a record document");

        List<StoredDeadLetter> listed = manage.list(ACME_ADMIN, 10, null).letters();

        assertThat(listed).singleElement().satisfies(letter -> {
            assertThat(letter.entries()).containsExactly(acmePoison);
            assertThat(letter.code()).isEqualTo(InMemoryLogStore.REFUSED_CODE);
            assertThat(letter.reason()).isNotBlank();
            assertThat(letter.deliveries()).isEqualTo(1);
        });
        assertThat(manage.list(GLOBEX_ADMIN, 10, null).letters()).flatExtracting(StoredDeadLetter::entries)
                .containsExactly(globexPoison);
    }

    @Test
    void replaysAnEntryOnceTheCauseIsFixedAndItIsStoredOnce() {
        String id = onlyDeadLetterOf(ACME_ADMIN).id();
        store.refuse(entry -> entry.service().equals("poison") && entry.tenant().equals("globex"));

        ReplayReport first = manage.replay(ACME_ADMIN, ADDRESS, List.of(id));
        drain.drainOnce("worker-1");
        ReplayReport second = manage.replay(ACME_ADMIN, ADDRESS, List.of(id));

        assertThat(first.replayed()).containsExactly(id);
        assertThat(second.notFound()).containsExactly(id);
        assertThat(store.all()).filteredOn(entry -> entry.service().equals("poison")).containsExactly(acmePoison);
        assertThat(queue.held()).isZero();
        assertThat(manage.list(ACME_ADMIN, 10, null).letters()).isEmpty();
    }

    @Test
    void cannotInspectReplayOrPurgeAnotherTenantsDeadLetter() {
        String globexId = onlyDeadLetterOf(GLOBEX_ADMIN).id();

        assertThat(manage.inspect(ACME_ADMIN, globexId)).isEmpty();
        assertThat(manage.replay(ACME_ADMIN, ADDRESS, List.of(globexId)).notFound()).containsExactly(globexId);
        assertThat(manage.purge(ACME_ADMIN, ADDRESS, List.of(globexId))).isEmpty();
        assertThat(manage.replayAll(ACME_ADMIN, ADDRESS)).isEqualTo(1);
        assertThat(manage.purgeAll(ACME_ADMIN, ADDRESS)).isZero();

        assertThat(manage.inspect(GLOBEX_ADMIN, globexId)).isPresent();
    }

    @Test
    void purgesTheCallersDeadLettersForGood() {
        String id = onlyDeadLetterOf(ACME_ADMIN).id();

        assertThat(manage.purge(ACME_ADMIN, ADDRESS, List.of(id))).containsExactly(id);

        assertThat(manage.inspect(ACME_ADMIN, id)).isEmpty();
        assertThat(manage.replay(ACME_ADMIN, ADDRESS, List.of(id)).notFound()).containsExactly(id);
        assertThat(queue.held()).isZero();
    }

    @Test
    void requiresTheAdminRoleForEveryAction() {
        String id = onlyDeadLetterOf(ACME_ADMIN).id();

        assertThatThrownBy(() -> manage.list(ACME_EVERYTHING_BUT_ADMIN, 10, null))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> manage.inspect(ACME_EVERYTHING_BUT_ADMIN, id))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> manage.replay(ACME_EVERYTHING_BUT_ADMIN, ADDRESS, List.of(id)))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> manage.replayAll(ACME_EVERYTHING_BUT_ADMIN, ADDRESS))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> manage.purge(ACME_EVERYTHING_BUT_ADMIN, ADDRESS, List.of(id)))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> manage.purgeAll(ACME_EVERYTHING_BUT_ADMIN, ADDRESS))
                .isInstanceOf(AccessDeniedException.class);

        assertThat(deadLetters.held()).hasSize(2);
        assertThat(queue.held()).isZero();
    }

    private StoredDeadLetter onlyDeadLetterOf(Principal admin) {
        List<StoredDeadLetter> letters = manage.list(admin, 10, null).letters();
        assertThat(letters).hasSize(1);
        return letters.get(0);
    }

    @Test
    void auditsReplaysAndPurgesInTheCallersTenant() {
        String id = manage.list(ACME_ADMIN, 10, null).letters().get(0).id();

        manage.replay(ACME_ADMIN, ADDRESS, List.of(id));
        manage.purgeAll(ACME_ADMIN, ADDRESS);

        assertThat(audit.all()).extracting(AuditEvent::action, AuditEvent::target, AuditEvent::tenant)
                .containsExactly(tuple(AuditAction.DEAD_LETTERS_REPLAY, id, "acme"),
                        tuple(AuditAction.DEAD_LETTERS_PURGE, "all", "acme"));
        assertThat(audit.all()).allSatisfy(event -> assertThat(event.remoteAddress()).isEqualTo(ADDRESS));
    }

    @Test
    void neitherReplaysNorPurgesWhenTheAuditTrailCannotRecordIt() {
        audit.setUnavailable(true);

        assertThatThrownBy(() -> manage.purgeAll(ACME_ADMIN, ADDRESS)).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> manage.replayAll(ACME_ADMIN, ADDRESS)).isInstanceOf(StoreUnavailableException.class);
        audit.setUnavailable(false);
        assertThat(manage.list(ACME_ADMIN, 10, null).letters()).hasSize(1);
    }
}
