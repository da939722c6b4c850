package io.logpipe.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.application.IngestBatch.RetryKey;
import io.logpipe.application.IngestLogs.Admission;
import io.logpipe.application.IngestLogs.TimestampWindow;
import io.logpipe.application.IngestOutcomes.Outcome;
import io.logpipe.domain.AccessDeniedException;
import io.logpipe.domain.Attributes;
import io.logpipe.domain.EntryIds;
import io.logpipe.domain.InvalidRequestException;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.Principal;
import io.logpipe.domain.RateLimitedException;
import io.logpipe.domain.RateLimits;
import io.logpipe.domain.QueueFullException;
import io.logpipe.domain.QueueUnavailableException;
import io.logpipe.domain.Role;
import io.logpipe.domain.testing.InMemoryLogQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IngestLogsTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30.123456Z");
    private static final Principal ACME_SHIPPER = new Principal("00000000000000a1", "acme", Set.of(Role.INGEST));
    private static final Principal GLOBEX_SHIPPER = new Principal("00000000000000b2", "globex", Set.of(Role.INGEST));
    private static final Admission ROOMY = new Admission(1_000, Duration.ofHours(24));
    private static final UUID CLIENT_ID = UUID.fromString("11111111-2222-4333-8444-555555555555");
    private static final String NUL_PROBLEM = "must not contain the NUL character (U+0000), which cannot be stored";

    private final InMemoryLogQueue queue = new InMemoryLogQueue();
    private final RecordedOutcomes outcomes = new RecordedOutcomes();
    private final IngestLogs ingest = ingestAt(NOW);

    @Test
    void assignsAVersion7IdTheReceiveTimeAndLevelInfoWhenMissing() {
        IngestReceipt receipt = ingest.ingest(ACME_SHIPPER, batch(draft(0).level(null)));

        LogEntry queued = queue.enqueued().get(0);
        assertThat(queued.id().version()).isEqualTo(7);
        assertThat(queued.id().getMostSignificantBits() >>> 16).isEqualTo(NOW.toEpochMilli());
        assertThat(queued.timestamp()).isEqualTo(NOW);
        assertThat(queued.receivedAt()).isEqualTo(NOW);
        assertThat(queued.level()).isEqualTo(Level.INFO);
        assertThat(receipt.ids()).containsExactly(queued.id());
        assertThat(outcomes.recorded).containsExactly(new Recorded(Outcome.ACCEPTED, 1));
    }

    @Test
    void queuesNothingWhenTheCallersKeyHasUsedItsAllowance() {
        RateLimits spent = new RateLimits() {
            @Override
            public void acquireEntries(Principal caller, int entries) {
                throw new RateLimitedException("over the limit", Duration.ofSeconds(2));
            }

            @Override
            public void acquireQuery(Principal caller) {
            }
        };
        IngestLogs limited = new IngestLogs(queue, Clock.fixed(NOW, ZoneOffset.UTC),
                new EntryRules(IngestLimits.standard(), TimestampWindow.standard()), ROOMY, outcomes, spent);

        assertThatThrownBy(() -> limited.ingest(ACME_SHIPPER, batch(draft(0), draft(1))))
                .isInstanceOf(RateLimitedException.class);
        assertThat(queue.enqueued()).isEmpty();
        assertThat(outcomes.recorded).containsExactly(new Recorded(Outcome.RATE_LIMITED, 2));
    }

    @Test
    void keepsTheClientsIdTimestampAndLevel() {
        Instant anHourAgo = NOW.minus(Duration.ofHours(1));

        IngestReceipt receipt = ingest.ingest(ACME_SHIPPER,
                batch(draft(0).id(CLIENT_ID).timestamp(anHourAgo).level(Level.WARN)));

        LogEntry queued = queue.enqueued().get(0);
        assertThat(queued.id()).isEqualTo(CLIENT_ID);
        assertThat(queued.timestamp()).isEqualTo(anHourAgo);
        assertThat(queued.receivedAt()).isEqualTo(NOW);
        assertThat(queued.level()).isEqualTo(Level.WARN);
        assertThat(receipt.ids()).containsExactly(CLIENT_ID);
    }

    @Test
    void bindsEveryEntryToTheCallersTenant() {
        ingest.ingest(GLOBEX_SHIPPER, batch(draft(0), draft(1)));

        assertThat(queue.enqueued()).extracting(LogEntry::tenant).containsExactly("globex", "globex");
    }

    @Test
    void queuesTheBatchInOrderWithEveryField() {
        Attributes attributes = Attributes.of("{\"order\": 42, \"amount\": 10.50}");
        Draft first = draft(0).service("checkout").level(Level.ERROR).message("payment failed")
                .attributes(attributes).traceId("trace-1").spanId("span-1").host("web-3");

        IngestReceipt receipt = ingest.ingest(ACME_SHIPPER, batch(first, draft(1).service("cart")));

        assertThat(queue.enqueued()).extracting(LogEntry::service).containsExactly("checkout", "cart");
        LogEntry queued = queue.enqueued().get(0);
        assertThat(queued.level()).isEqualTo(Level.ERROR);
        assertThat(queued.message()).isEqualTo("payment failed");
        assertThat(queued.attributes()).isEqualTo(attributes);
        assertThat(queued.traceId()).isEqualTo("trace-1");
        assertThat(queued.spanId()).isEqualTo("span-1");
        assertThat(queued.host()).isEqualTo("web-3");
        assertThat(queue.enqueued().get(1).attributes()).isEqualTo(Attributes.none());
        assertThat(receipt.ids()).containsExactlyElementsOf(queue.enqueued().stream().map(LogEntry::id).toList());
        assertThat(receipt.accepted()).isEqualTo(2);
    }

    @Test
    void queuesTheBatchInOneStepSoAWorkerLeasesItWhole() {
        ingest.ingest(ACME_SHIPPER, batch(draft(0), draft(1), draft(2)));

        assertThat(queue.lease("worker-1", 1, Duration.ZERO).size()).isEqualTo(3);
    }

    @Test
    void reportsEveryProblemOfEveryEntryAtOnceInEntryOrder() {
        IngestBatch batch = new IngestBatch(List.of(
                draft(0).service(null).build(),
                draft(1).build(),
                draft(2).service("   ").message(null).build(),
                EntryDraft.notAnObject("[3]", "must be an object, not null"),
                draft(4).level(null).problem("level: unknown level 'verbose'")
                        .timestamp(NOW.minus(Duration.ofDays(8))).build()), null);

        assertRejected(() -> ingest.ingest(ACME_SHIPPER, batch), errors -> assertThat(errors).containsExactly(
                "[0].service: is required",
                "[2].service: must not be blank",
                "[2].message: is required",
                "[3]: must be an object, not null",
                "[4].level: unknown level 'verbose'",
                "[4].timestamp: older than the accepted 7 days"));
        assertThat(queue.enqueued()).isEmpty();
        assertThat(outcomes.recorded).containsExactly(new Recorded(Outcome.INVALID, 5));
    }

    @Test
    void doesNotCallAFieldMissingWhenItsReaderAlreadySaidWhy() {
        IngestBatch batch = batch(draft(0).service(null).message(null)
                .problem("service: must be a string").problem("message: must be a string"));

        assertRejected(() -> ingest.ingest(ACME_SHIPPER, batch), errors -> assertThat(errors).containsExactly(
                "[0].service: must be a string",
                "[0].message: must be a string"));
    }

    @Test
    void prefixesTheReadersProblemsWithWhereTheEntrySits() {
        IngestBatch batch = batch(new Draft("line 7").problem("attributes: must be a JSON object"));

        assertRejected(() -> ingest.ingest(ACME_SHIPPER, batch),
                errors -> assertThat(errors).containsExactly("line 7.attributes: must be a JSON object"));
    }

    @Test
    void showsAHundredProblemsAndCountsTheRest() {
        List<Draft> drafts = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            drafts.add(draft(i).service(null));
        }

        assertRejected(() -> ingest.ingest(ACME_SHIPPER, batch(drafts.toArray(Draft[]::new))), errors -> {
            assertThat(errors).hasSize(101);
            assertThat(errors.get(0)).isEqualTo("[0].service: is required");
            assertThat(errors.get(99)).isEqualTo("[99].service: is required");
            assertThat(errors.get(100)).isEqualTo("... and 50 more problems");
        });
        assertThat(outcomes.recorded).containsExactly(new Recorded(Outcome.INVALID, 150));
    }

    @Test
    void rejectsAnEmptyBatch() {
        assertRejected(() -> ingest.ingest(ACME_SHIPPER, batch()),
                errors -> assertThat(errors).containsExactly("the request holds no log entries"));
        assertThat(outcomes.recorded).containsExactly(new Recorded(Outcome.INVALID, 0));
    }

    @Test
    void rejectsATimestampOlderThanTheMaximumAge() {
        Instant justTooOld = NOW.minus(Duration.ofDays(7)).minusMillis(1);

        assertRejected(() -> ingest.ingest(ACME_SHIPPER, batch(draft(0).timestamp(justTooOld))),
                errors -> assertThat(errors).containsExactly("[0].timestamp: older than the accepted 7 days"));
        assertThat(queue.enqueued()).isEmpty();
    }

    @Test
    void acceptsATimestampExactlyAtTheMaximumAge() {
        Instant oldest = NOW.minus(Duration.ofDays(7));

        ingest.ingest(ACME_SHIPPER, batch(draft(0).timestamp(oldest)));

        assertThat(queue.enqueued()).extracting(LogEntry::timestamp).containsExactly(oldest);
    }

    @Test
    void rejectsATimestampFurtherAheadThanAllowed() {
        Instant justTooFarAhead = NOW.plus(Duration.ofMinutes(10)).plusMillis(1);

        assertRejected(() -> ingest.ingest(ACME_SHIPPER, batch(draft(0).timestamp(justTooFarAhead))),
                errors -> assertThat(errors).containsExactly("[0].timestamp: more than 10 minutes in the future"));
        assertThat(queue.enqueued()).isEmpty();
    }

    @Test
    void acceptsATimestampAsFarAheadAsAllowed() {
        Instant furthest = NOW.plus(Duration.ofMinutes(10));

        ingest.ingest(ACME_SHIPPER, batch(draft(0).timestamp(furthest)));

        assertThat(queue.enqueued()).extracting(LogEntry::timestamp).containsExactly(furthest);
    }

    @Test
    void statesAConfiguredWindowOfHoursAndSecondsExactly() {
        TimestampWindow window = new TimestampWindow(Duration.ofHours(36), Duration.ofSeconds(90));
        IngestLogs tightIngest = ingest(NOW, IngestLimits.standard(), window, ROOMY);
        IngestBatch batch = batch(
                draft(0).timestamp(NOW.minus(Duration.ofHours(37))),
                draft(1).timestamp(NOW.plus(Duration.ofSeconds(91))));

        // Truncating to whole days or minutes would tell the client "1 days" and "0 minutes".
        assertRejected(() -> tightIngest.ingest(ACME_SHIPPER, batch), errors -> assertThat(errors).containsExactly(
                "[0].timestamp: older than the accepted 36 hours",
                "[1].timestamp: more than 90 seconds in the future"));
    }

    @Test
    void rejectsBatchWithNulCharacterInServiceMessageOrTraceId() {
        IngestBatch batch = batch(
                draft(0).message("bad\u0000text"),
                draft(1).traceId("trace\u0000"),
                draft(2).service("api\u0000"));

        assertRejected(() -> ingest.ingest(ACME_SHIPPER, batch), errors -> assertThat(errors).containsExactly(
                "[0].message: " + NUL_PROBLEM,
                "[1].trace_id: " + NUL_PROBLEM,
                "[2].service: must not contain control characters such as tabs or line breaks"));
        assertThat(queue.enqueued()).isEmpty();
    }

    @Test
    void rejectsBatchWithALoneSurrogateInServiceMessageOrTraceId() {
        IngestBatch batch = batch(
                draft(0).service("api\ud800"),
                draft(1).message("hi \udc00 there"),
                draft(2).traceId("\ud83d"));

        assertRejected(() -> ingest.ingest(ACME_SHIPPER, batch), errors -> assertThat(errors).containsExactly(
                "[0].service: holds a lone surrogate (U+D800 at index 3), which is not valid Unicode",
                "[1].message: holds a lone surrogate (U+DC00 at index 3), which is not valid Unicode",
                "[2].trace_id: holds a lone surrogate (U+D83D at index 0), which is not valid Unicode"));
        assertThat(queue.enqueued()).isEmpty();
    }

    @Test
    void queuesTextWithCharactersBeyondTheBasicPlaneExactlyAsSent() {
        String message = "deploy \ud83d\ude80 done, caf\u00e9 \u20ac5";

        ingest.ingest(ACME_SHIPPER, batch(draft(0).service("r\u00e9sum\u00e9-\ud83d\udcc4").message(message)));

        assertThat(queue.enqueued()).singleElement().satisfies(entry -> {
            assertThat(entry.message()).isEqualTo(message);
            assertThat(entry.service()).isEqualTo("r\u00e9sum\u00e9-\ud83d\udcc4");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"api\tv2", "api\n", "\rapi", "api\u001b[31m", "api\u007f", "api\u0085"})
    void refusesAServiceWithControlCharacters(String service) {
        assertRejected(() -> ingest.ingest(ACME_SHIPPER, batch(draft(0).service(service))),
                errors -> assertThat(errors).containsExactly(
                        "[0].service: must not contain control characters such as tabs or line breaks"));
    }

    @Test
    void refusesServiceAndFieldsLongerThanTheLimits() {
        IngestLimits limits = new IngestLimits(1024, 10, 100, 5, 3, 100, 2);
        IngestLogs limited = ingest(NOW, limits, TimestampWindow.standard(), ROOMY);
        IngestBatch batch = batch(draft(0).service("sixsix").traceId("four").spanId("four").host("four"),
                draft(1).service("fivey").traceId("three").spanId("abc").host("xyz"));

        assertRejected(() -> limited.ingest(ACME_SHIPPER, batch), errors -> assertThat(errors).containsExactly(
                "[0].service: must be at most 5 characters",
                "[0].trace_id: must be at most 3 characters",
                "[0].span_id: must be at most 3 characters",
                "[0].host: must be at most 3 characters",
                "[1].trace_id: must be at most 3 characters"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "aaaaaaaaaa", "\u00e9\u00e9\u00e9\u00e9\u00e9", "\u20ac\u20ac\u20ac",
        "\ud83d\ude00\ud83d\ude00", "a\u00e9\ud83d\ude00\u20ac"})
    void acceptsAMessageOfAtMostTheByteLimitInUtf8(String message) {
        ingestWithTenByteMessages().ingest(ACME_SHIPPER, batch(draft(0).message(message)));

        assertThat(queue.enqueued()).extracting(LogEntry::message).containsExactly(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aaaaaaaaaaa", "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9", "\u20ac\u20ac\u20ac\u20ac",
        "\ud83d\ude00\ud83d\ude00\ud83d\ude00", "aaaa\ud83d\ude00\u20ac"})
    void refusesAMessageOverTheByteLimitInUtf8(String message) {
        assertRejected(() -> ingestWithTenByteMessages().ingest(ACME_SHIPPER, batch(draft(0).message(message))),
                errors -> assertThat(errors).containsExactly("[0].message: must be at most 10 bytes of UTF-8"));
        assertThat(queue.enqueued()).isEmpty();
    }

    @Test
    void requiresTheIngestRole() {
        Principal reader = new Principal("00000000000000c3", "acme", Set.of(Role.QUERY, Role.ADMIN));

        assertThatThrownBy(() -> ingest.ingest(reader, batch(draft(0)))).isInstanceOf(AccessDeniedException.class);
        assertThat(queue.enqueued()).isEmpty();
        assertThat(outcomes.recorded).isEmpty();
    }

    @Test
    void doesNotReportSuccessWhenTheQueueIsUnavailable() {
        queue.failEnqueues(true);

        assertThatThrownBy(() -> ingest.ingest(ACME_SHIPPER, batch(draft(0), draft(1))))
                .isInstanceOf(QueueUnavailableException.class);
        assertThat(queue.enqueued()).isEmpty();
        assertThat(outcomes.recorded).containsExactly(new Recorded(Outcome.QUEUE_UNAVAILABLE, 2));
    }

    @Test
    void refusesTheWholeBatchWhenTheQueueIsFull() {
        IngestLogs smallQueue = ingest(NOW, IngestLimits.standard(), TimestampWindow.standard(),
                new Admission(2, Duration.ofHours(24)));
        smallQueue.ingest(ACME_SHIPPER, batch(draft(0), draft(1)));

        assertThatThrownBy(() -> smallQueue.ingest(ACME_SHIPPER, batch(draft(0), draft(1), draft(2))))
                .isInstanceOf(QueueFullException.class);
        assertThatThrownBy(() -> smallQueue.ingest(ACME_SHIPPER, withKey("key-1", "body-1", batch(draft(0)))))
                .isInstanceOf(QueueFullException.class);
        assertThat(queue.enqueued()).hasSize(2);
        assertThat(outcomes.recorded).containsExactly(new Recorded(Outcome.ACCEPTED, 2),
                new Recorded(Outcome.QUEUE_FULL, 3), new Recorded(Outcome.QUEUE_FULL, 1));
    }

    @Test
    void answersARepeatedRequestWithTheSameIdsAndQueuesItOnce() {
        IngestBatch request = withKey("key-1", "body-1", batch(draft(0), draft(1).id(CLIENT_ID)));
        IngestReceipt first = ingest.ingest(ACME_SHIPPER, request);

        IngestReceipt repeat = ingestAt(NOW.plusSeconds(30)).ingest(ACME_SHIPPER, request);

        assertThat(repeat.ids()).isEqualTo(first.ids());
        assertThat(queue.enqueued()).extracting(LogEntry::id).containsExactlyElementsOf(first.ids());
        assertThat(outcomes.recorded).containsExactly(new Recorded(Outcome.ACCEPTED, 2),
                new Recorded(Outcome.REPLAYED, 2));
    }

    @Test
    void derivesTheIdsOfEntriesWithoutOneFromTheKeyAndKeepsTheClientsIds() {
        IngestReceipt receipt = ingest.ingest(ACME_SHIPPER,
                withKey("key-1", "body-1", batch(draft(0), draft(1).id(CLIENT_ID), draft(2))));

        assertThat(receipt.ids()).containsExactly(
                EntryIds.derived(NOW, "acme", "key-1", 0),
                CLIENT_ID,
                EntryIds.derived(NOW, "acme", "key-1", 2));
        assertThat(queue.enqueued()).extracting(LogEntry::id).containsExactlyElementsOf(receipt.ids());
    }

    @Test
    void refusesAKeyReusedForAnotherBodyAndQueuesNothingOfIt() {
        ingest.ingest(ACME_SHIPPER, withKey("key-1", "body-1", batch(draft(0))));

        assertRejected(() -> ingest.ingest(ACME_SHIPPER, withKey("key-1", "body-2", batch(draft(0), draft(1)))),
                errors -> assertThat(errors).singleElement().asString().startsWith("Idempotency-Key: "));
        assertThat(queue.enqueued()).hasSize(1);
        assertThat(outcomes.recorded).containsExactly(new Recorded(Outcome.ACCEPTED, 1),
                new Recorded(Outcome.INVALID, 2));
    }

    @Test
    void answersARepeatEvenWhenTheQueueHasFilledSince() {
        IngestLogs smallQueue = ingest(NOW, IngestLimits.standard(), TimestampWindow.standard(),
                new Admission(1, Duration.ofHours(24)));
        IngestBatch request = withKey("key-1", "body-1", batch(draft(0)));
        IngestReceipt first = smallQueue.ingest(ACME_SHIPPER, request);

        assertThat(smallQueue.ingest(ACME_SHIPPER, request).ids()).isEqualTo(first.ids());
        assertThat(outcomes.recorded).containsExactly(new Recorded(Outcome.ACCEPTED, 1),
                new Recorded(Outcome.REPLAYED, 1));
    }

    @Test
    void keepsTheKeysOfTenantsApart() {
        IngestBatch request = withKey("key-1", "body-1", batch(draft(0)));
        IngestReceipt acme = ingest.ingest(ACME_SHIPPER, request);

        IngestReceipt globex = ingest.ingest(GLOBEX_SHIPPER, request);

        assertThat(globex.ids()).doesNotContainAnyElementsOf(acme.ids());
        assertThat(queue.enqueued()).extracting(LogEntry::tenant).containsExactly("acme", "globex");
    }

    @Test
    void remembersNoKeyOfARejectedRequest() {
        assertRejected(() -> ingest.ingest(ACME_SHIPPER, withKey("key-1", "body-1", batch(draft(0).service(null)))),
                errors -> assertThat(errors).containsExactly("[0].service: is required"));

        IngestReceipt corrected = ingest.ingest(ACME_SHIPPER, withKey("key-1", "body-2", batch(draft(0))));

        assertThat(queue.enqueued()).extracting(LogEntry::id).containsExactlyElementsOf(corrected.ids());
        assertThat(outcomes.recorded).containsExactly(new Recorded(Outcome.INVALID, 1),
                new Recorded(Outcome.ACCEPTED, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "two words", "caf\u00e9", "line\n"})
    void rejectsAnIdempotencyKeyThatIsNotVisibleAscii(String key) {
        assertRejected(() -> ingest.ingest(ACME_SHIPPER, withKey(key, "body-1", batch(draft(0)))),
                errors -> assertThat(errors).containsExactly(
                        "Idempotency-Key: must be 1 to 128 visible ASCII characters"));
        assertThat(queue.enqueued()).isEmpty();
        assertThat(outcomes.recorded).containsExactly(new Recorded(Outcome.INVALID, 1));
    }

    @Test
    void rejectsAnIdempotencyKeyTooLongTogetherWithTheEntriesProblems() {
        IngestBatch request = withKey("k".repeat(129), "body-1", batch(draft(0).service(null)));

        assertRejected(() -> ingest.ingest(ACME_SHIPPER, request), errors -> assertThat(errors).containsExactly(
                "Idempotency-Key: must be 1 to 128 visible ASCII characters",
                "[0].service: is required"));
    }

    private IngestLogs ingestAt(Instant now) {
        return ingest(now, IngestLimits.standard(), TimestampWindow.standard(), ROOMY);
    }

    private IngestLogs ingestWithTenByteMessages() {
        return ingest(NOW, new IngestLimits(1024, 10, 10, 256, 256, 100, 2), TimestampWindow.standard(), ROOMY);
    }

    private IngestLogs ingest(Instant now, IngestLimits limits, TimestampWindow window, Admission admission) {
        return new IngestLogs(queue, Clock.fixed(now, ZoneOffset.UTC), new EntryRules(limits, window), admission,
                outcomes, RateLimits.UNLIMITED);
    }

    private static void assertRejected(Runnable ingest, Consumer<List<String>> errors) {
        assertThatThrownBy(ingest::run).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> errors.accept(e.errors()));
    }

    private static Draft draft(int index) {
        return new Draft("[" + index + "]");
    }

    private static IngestBatch batch(Draft... drafts) {
        List<EntryDraft> built = new ArrayList<>();
        for (Draft draft : drafts) {
            built.add(draft.build());
        }
        return new IngestBatch(built, null);
    }

    /** The batch as sent with an {@code Idempotency-Key} and a digest of its body. */
    private static IngestBatch withKey(String key, String fingerprint, IngestBatch batch) {
        return new IngestBatch(batch.drafts(), new RetryKey(key, fingerprint));
    }

    /** A valid entry as a reader would find it, for a test to break one field of. */
    private static final class Draft {
        private final String where;
        private UUID id;
        private Instant timestamp;
        private String service = "api";
        private Level level = Level.INFO;
        private String message = "hello";
        private Attributes attributes;
        private String traceId;
        private String spanId;
        private String host;
        private final List<String> problems = new ArrayList<>();

        Draft(String where) {
            this.where = where;
        }

        Draft id(UUID value) {
            id = value;
            return this;
        }

        Draft timestamp(Instant value) {
            timestamp = value;
            return this;
        }

        Draft service(String value) {
            service = value;
            return this;
        }

        Draft level(Level value) {
            level = value;
            return this;
        }

        Draft message(String value) {
            message = value;
            return this;
        }

        Draft attributes(Attributes value) {
            attributes = value;
            return this;
        }

        Draft traceId(String value) {
            traceId = value;
            return this;
        }

        Draft spanId(String value) {
            spanId = value;
            return this;
        }

        Draft host(String value) {
            host = value;
            return this;
        }

        Draft problem(String value) {
            problems.add(value);
            return this;
        }

        EntryDraft build() {
            return new EntryDraft(where, true, id, timestamp, service, level, message, attributes, traceId, spanId,
                    host, problems);
        }
    }

    private record Recorded(Outcome outcome, int entries) {
    }

    /** Keeps what ingest reported, in order. */
    private static final class RecordedOutcomes implements IngestOutcomes {
        final List<Recorded> recorded = new ArrayList<>();

        @Override
        public synchronized void record(Outcome outcome, int entries) {
            recorded.add(new Recorded(outcome, entries));
        }
    }
}
