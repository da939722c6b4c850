package io.logpipe.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.logpipe.domain.AccessDeniedException;
import io.logpipe.domain.InvalidRequestException;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.Principal;
import io.logpipe.domain.QueueUnavailableException;
import io.logpipe.domain.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IngestLogsTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30.123456Z");
    private static final Principal ACME_SHIPPER = new Principal("00000000000000a1", "acme", Set.of(Role.INGEST));

    private final InMemoryLogQueue queue = new InMemoryLogQueue();
    private final IngestLogs ingest =
            new IngestLogs(queue, Clock.fixed(NOW, ZoneOffset.UTC), IngestLogs.TimestampWindow.standard());

    @Test
    void assignsAVersion7IdAndTheReceiveTimeWhenMissing() {
        IngestReceipt receipt = ingest.ingest(ACME_SHIPPER, List.of(draft(null, null, "api", Level.INFO)));

        LogEntry queued = queue.enqueued().get(0);
        assertThat(queued.id().version()).isEqualTo(7);
        assertThat(queued.id().getMostSignificantBits() >>> 16).isEqualTo(NOW.toEpochMilli());
        assertThat(queued.timestamp()).isEqualTo(NOW);
        assertThat(queued.receivedAt()).isEqualTo(NOW);
        assertThat(receipt.ids()).containsExactly(queued.id());
    }

    @Test
    void keepsTheClientsIdAndTimestamp() {
        UUID clientId = UUID.fromString("11111111-2222-4333-8444-555555555555");
        Instant anHourAgo = NOW.minus(Duration.ofHours(1));

        IngestReceipt receipt = ingest.ingest(ACME_SHIPPER, List.of(draft(clientId, anHourAgo, "api", Level.WARN)));

        LogEntry queued = queue.enqueued().get(0);
        assertThat(queued.id()).isEqualTo(clientId);
        assertThat(queued.timestamp()).isEqualTo(anHourAgo);
        assertThat(queued.receivedAt()).isEqualTo(NOW);
        assertThat(receipt.ids()).containsExactly(clientId);
    }

    @Test
    void bindsEveryEntryToTheCallersTenant() {
        Principal globexShipper = new Principal("00000000000000b2", "globex", Set.of(Role.INGEST));

        ingest.ingest(globexShipper, List.of(draft(null, null, "api", Level.INFO), draft(null, null, "db", Level.ERROR)));

        assertThat(queue.enqueued()).extracting(LogEntry::tenant).containsExactly("globex", "globex");
    }

    @Test
    void queuesTheBatchInOrderWithEveryField() {
        EntryDraft first = new EntryDraft(null, null, "checkout", Level.ERROR, "payment failed",
                Map.of("order", 42, "retry", false), "trace-1", "span-1", "web-3");
        EntryDraft second = draft(null, NOW.minusSeconds(5), "cart", Level.DEBUG);

        IngestReceipt receipt = ingest.ingest(ACME_SHIPPER, List.of(first, second));

        assertThat(queue.enqueued()).hasSize(2);
        LogEntry queued = queue.enqueued().get(0);
        assertThat(queued.service()).isEqualTo("checkout");
        assertThat(queued.level()).isEqualTo(Level.ERROR);
        assertThat(queued.message()).isEqualTo("payment failed");
        assertThat(queued.attributes()).containsOnly(entry("order", 42), entry("retry", false));
        assertThat(queued.traceId()).isEqualTo("trace-1");
        assertThat(queued.spanId()).isEqualTo("span-1");
        assertThat(queued.host()).isEqualTo("web-3");
        assertThat(queue.enqueued().get(1).service()).isEqualTo("cart");
        assertThat(receipt.ids()).containsExactlyElementsOf(queue.enqueued().stream().map(LogEntry::id).toList());
        assertThat(receipt.accepted()).isEqualTo(2);
    }

    @Test
    void rejectsTheWholeBatchAndReportsEveryInvalidEntryByIndex() {
        List<EntryDraft> drafts = List.of(
                draft(null, null, "api", Level.INFO),
                draft(null, null, "   ", Level.INFO),
                draft(null, null, "api", null),
                draft(null, null, "api", Level.INFO));

        assertThatThrownBy(() -> ingest.ingest(ACME_SHIPPER, drafts))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors()).satisfiesExactly(
                        error -> assertThat(error).startsWith("[1].service"),
                        error -> assertThat(error).isEqualTo("[2].level is required")));
        assertThat(queue.enqueued()).isEmpty();
    }

    @Test
    void reportsEveryProblemOfOneEntry() {
        List<EntryDraft> drafts = List.of(draft(null, NOW.minus(Duration.ofDays(30)), null, Level.INFO));

        assertThatThrownBy(() -> ingest.ingest(ACME_SHIPPER, drafts))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors()).satisfiesExactly(
                        error -> assertThat(error).startsWith("[0].timestamp: older than"),
                        error -> assertThat(error).isEqualTo("[0].service is required")));
        assertThat(queue.enqueued()).isEmpty();
    }

    @Test
    void rejectsAnEmptyBatch() {
        assertThatThrownBy(() -> ingest.ingest(ACME_SHIPPER, List.of()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors()).isNotEmpty());
        assertThat(queue.enqueued()).isEmpty();
    }

    @Test
    void rejectsATimestampOlderThanTheMaximumAge() {
        Instant justTooOld = NOW.minus(Duration.ofDays(7)).minusMillis(1);

        assertThatThrownBy(() -> ingest.ingest(ACME_SHIPPER, List.of(draft(null, justTooOld, "api", Level.INFO))))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .containsExactly("[0].timestamp: older than the accepted 7 days"));
        assertThat(queue.enqueued()).isEmpty();
    }

    @Test
    void acceptsATimestampExactlyAtTheMaximumAge() {
        Instant oldest = NOW.minus(Duration.ofDays(7));

        ingest.ingest(ACME_SHIPPER, List.of(draft(null, oldest, "api", Level.INFO)));

        assertThat(queue.enqueued()).extracting(LogEntry::timestamp).containsExactly(oldest);
    }

    @Test
    void rejectsATimestampFurtherAheadThanAllowed() {
        Instant justTooFarAhead = NOW.plus(Duration.ofMinutes(10)).plusMillis(1);

        assertThatThrownBy(() -> ingest.ingest(ACME_SHIPPER, List.of(draft(null, justTooFarAhead, "api", Level.INFO))))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .containsExactly("[0].timestamp: more than 10 minutes in the future"));
        assertThat(queue.enqueued()).isEmpty();
    }

    @Test
    void acceptsATimestampAsFarAheadAsAllowed() {
        Instant furthest = NOW.plus(Duration.ofMinutes(10));

        ingest.ingest(ACME_SHIPPER, List.of(draft(null, furthest, "api", Level.INFO)));

        assertThat(queue.enqueued()).extracting(LogEntry::timestamp).containsExactly(furthest);
    }

    @Test
    void statesAConfiguredWindowOfHoursAndSecondsExactly() {
        IngestLogs.TimestampWindow window = new IngestLogs.TimestampWindow(Duration.ofHours(36), Duration.ofSeconds(90));
        IngestLogs tightIngest = new IngestLogs(queue, Clock.fixed(NOW, ZoneOffset.UTC), window);
        List<EntryDraft> drafts = List.of(
                draft(null, NOW.minus(Duration.ofHours(37)), "api", Level.INFO),
                draft(null, NOW.plus(Duration.ofSeconds(91)), "api", Level.INFO));

        // Truncating to whole days or minutes would tell the client "1 days" and "0 minutes".
        assertThatThrownBy(() -> tightIngest.ingest(ACME_SHIPPER, drafts))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors()).containsExactly(
                        "[0].timestamp: older than the accepted 36 hours",
                        "[1].timestamp: more than 90 seconds in the future"));
        assertThat(queue.enqueued()).isEmpty();
    }

    @Test
    void rejectsBatchWithNulCharacterInMessageOrNestedAttribute() {
        EntryDraft nulInMessage = new EntryDraft(null, null, "api", Level.INFO, "bad\u0000text", null, null, null, null);
        EntryDraft nulInAttribute = new EntryDraft(null, null, "api", Level.INFO, "fine",
                Map.of("user", Map.of("tags", List.of("ok", "b\u0000d"))), null, null, null);

        assertThatThrownBy(() -> ingest.ingest(ACME_SHIPPER, List.of(nulInMessage, nulInAttribute)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors()).containsExactly(
                        "[0].message: contains a NUL character (U+0000), which cannot be stored",
                        "[1].attributes.user.tags[1]: contains a NUL character (U+0000), which cannot be stored"));
        assertThat(queue.enqueued()).isEmpty();
    }

    @Test
    void rejectsANullEntryInsteadOfFailing() {
        List<EntryDraft> withNull = new java.util.ArrayList<>();
        withNull.add(null);

        assertThatThrownBy(() -> ingest.ingest(ACME_SHIPPER, withNull))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.errors()).singleElement().asString().startsWith("[0]"));
    }

    @Test
    void requiresTheIngestRole() {
        Principal reader = new Principal("00000000000000c3", "acme", Set.of(Role.QUERY, Role.ADMIN));

        assertThatThrownBy(() -> ingest.ingest(reader, List.of(draft(null, null, "api", Level.INFO))))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(queue.enqueued()).isEmpty();
    }

    @Test
    void doesNotReportSuccessWhenTheQueueIsUnavailable() {
        queue.failEnqueues();

        assertThatThrownBy(() -> ingest.ingest(ACME_SHIPPER, List.of(draft(null, null, "api", Level.INFO))))
                .isInstanceOf(QueueUnavailableException.class);
        assertThat(queue.enqueued()).isEmpty();
    }

    private static EntryDraft draft(UUID id, Instant timestamp, String service, Level level) {
        return new EntryDraft(id, timestamp, service, level, "hello", null, null, null, null);
    }
}
