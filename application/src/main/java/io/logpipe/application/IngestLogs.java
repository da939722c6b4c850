package io.logpipe.application;

import io.logpipe.application.IngestBatch.RetryKey;
import io.logpipe.application.IngestOutcomes.Outcome;
import io.logpipe.domain.EntryIds;
import io.logpipe.domain.IdempotencyClaim;
import io.logpipe.domain.InvalidRequestException;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogQueue;
import io.logpipe.domain.Principal;
import io.logpipe.domain.QueueFullException;
import io.logpipe.domain.QueueUnavailableException;
import io.logpipe.domain.RateLimitedException;
import io.logpipe.domain.RateLimits;
import io.logpipe.domain.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Accepts a batch of entries from a caller and queues it. The batch is all or nothing: if any entry breaks a rule,
 * none is queued and every problem is reported at once.
 *
 * <p>The tenant comes from the caller's key. Entries without an id get a time-ordered one; entries without a
 * timestamp take the receive time, and entries without a level are {@code info}. Timestamps must fall inside a window
 * around now, so a client with a broken clock cannot scatter entries across years of partitions.
 *
 * <p>A request with an idempotency key is queued once: the key is recorded with the entries in one step, and a repeat
 * with the same key and body is answered with the same ids without queueing anything. Ids of entries that came
 * without one are then derived from the key, so the repeat's answer needs nothing stored but the key. Thread-safe.
 */
public final class IngestLogs {
    private final LogQueue queue;
    private final Clock clock;
    private final EntryRules rules;
    private final Admission admission;
    private final IngestOutcomes outcomes;
    private final RateLimits limits;

    public IngestLogs(LogQueue queue, Clock clock, EntryRules rules, Admission admission, IngestOutcomes outcomes,
            RateLimits limits) {
        this.queue = queue;
        this.clock = clock;
        this.rules = rules;
        this.admission = admission;
        this.outcomes = outcomes;
        this.limits = limits;
    }

    /** The rules entries are checked against, whose limits protocol readers enforce while reading. */
    public EntryRules rules() {
        return rules;
    }

    /**
     * Queues the batch for the caller's tenant.
     *
     * @return the ids of the accepted entries, in order
     * @throws io.logpipe.domain.AccessDeniedException if the caller lacks the ingest role
     * @throws InvalidRequestException if the batch is empty, any entry is invalid, or its idempotency key is malformed
     *     or was used for another body; nothing is queued
     * @throws RateLimitedException if the caller's key has sent its allowance of entries for now; nothing is queued
     * @throws QueueFullException if the queue holds too many entries already; nothing is queued
     * @throws QueueUnavailableException if the queue cannot confirm; nothing is accepted
     */
    public IngestReceipt ingest(Principal caller, IngestBatch batch) {
        caller.require(Role.INGEST);
        Instant now = clock.instant();
        List<EntryDraft> drafts = batch.drafts();
        ValidationProblems problems = new ValidationProblems();
        if (batch.retry() != null && !IdempotencyClaim.isValidKey(batch.retry().key())) {
            problems.add("Idempotency-Key", "must be 1 to " + IdempotencyClaim.MAX_KEY_LENGTH
                    + " visible ASCII characters");
        }
        if (drafts.isEmpty()) {
            problems.add("the request holds no log entries");
        }
        drafts.forEach(draft -> rules.check(draft, now, problems));
        if (!problems.isEmpty()) {
            outcomes.record(Outcome.INVALID, drafts.size());
            throw problems.rejection("invalid log entries; none were accepted");
        }
        try {
            limits.acquireEntries(caller, drafts.size());
        } catch (RateLimitedException e) {
            outcomes.record(Outcome.RATE_LIMITED, drafts.size());
            throw e;
        }
        try {
            return batch.retry() == null
                    ? queue(caller.tenant(), drafts, now)
                    : queueOnce(caller.tenant(), drafts, batch.retry(), now);
        } catch (QueueFullException e) {
            outcomes.record(Outcome.QUEUE_FULL, drafts.size());
            throw e;
        } catch (QueueUnavailableException e) {
            outcomes.record(Outcome.QUEUE_UNAVAILABLE, drafts.size());
            throw e;
        }
    }

    private IngestReceipt queue(String tenant, List<EntryDraft> drafts, Instant now) {
        List<LogEntry> entries = new ArrayList<>(drafts.size());
        for (EntryDraft draft : drafts) {
            entries.add(accept(tenant, draft, draft.id() == null ? EntryIds.newId(now) : draft.id(), now));
        }
        queue.enqueue(entries, admission.maxBacklog());
        outcomes.record(Outcome.ACCEPTED, entries.size());
        return new IngestReceipt(entries.stream().map(LogEntry::id).toList());
    }

    private IngestReceipt queueOnce(String tenant, List<EntryDraft> drafts, RetryKey retry, Instant now) {
        IdempotencyClaim claim = new IdempotencyClaim(tenant, retry.key(), retry.fingerprint(), now,
                admission.idempotencyRetention());
        List<LogEntry> entries = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            EntryDraft draft = drafts.get(i);
            entries.add(accept(tenant, draft, idFor(draft, claim, i), now));
        }
        Optional<IdempotencyClaim> earlier = queue.enqueueOnce(entries, admission.maxBacklog(), claim);
        if (earlier.isEmpty()) {
            outcomes.record(Outcome.ACCEPTED, entries.size());
            return new IngestReceipt(entries.stream().map(LogEntry::id).toList());
        }
        if (!earlier.get().fingerprint().equals(retry.fingerprint())) {
            outcomes.record(Outcome.INVALID, drafts.size());
            throw new InvalidRequestException("the Idempotency-Key was already used for another request",
                    List.of("Idempotency-Key: already used with a different body; use a new key for new entries"));
        }
        outcomes.record(Outcome.REPLAYED, drafts.size());
        List<UUID> ids = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            ids.add(idFor(drafts.get(i), earlier.get(), i));
        }
        return new IngestReceipt(ids);
    }

    private static UUID idFor(EntryDraft draft, IdempotencyClaim claim, int index) {
        return draft.id() != null
                ? draft.id()
                : EntryIds.derived(claim.receivedAt(), claim.tenant(), claim.key(), index);
    }

    private static LogEntry accept(String tenant, EntryDraft draft, UUID id, Instant now) {
        return new LogEntry(id, tenant, draft.timestamp() == null ? now : draft.timestamp(), now, draft.service(),
                draft.level() == null ? Level.INFO : draft.level(), draft.message(), draft.attributes(),
                draft.traceId(), draft.spanId(), draft.host());
    }

    /**
     * When ingest admits a request.
     *
     * @param maxBacklog the most entries the queue may hold before ingest answers "full"
     * @param idempotencyRetention how long an idempotency key is remembered
     */
    public record Admission(long maxBacklog, Duration idempotencyRetention) {

        /** One million entries; keys remembered for a day. */
        public static Admission standard() {
            return new Admission(1_000_000, Duration.ofHours(24));
        }
    }

    /**
     * How far from now an entry's timestamp may lie.
     *
     * @param maxAge how far in the past
     * @param maxAhead how far in the future, to allow for clock skew
     */
    public record TimestampWindow(Duration maxAge, Duration maxAhead) {

        /** Seven days back, ten minutes ahead. */
        public static TimestampWindow standard() {
            return new TimestampWindow(Duration.ofDays(7), Duration.ofMinutes(10));
        }

        Optional<String> check(Instant timestamp, Instant now) {
            if (timestamp.isBefore(now.minus(maxAge))) {
                return Optional.of("older than the accepted " + describe(maxAge));
            }
            if (timestamp.isAfter(now.plus(maxAhead))) {
                return Optional.of("more than " + describe(maxAhead) + " in the future");
            }
            return Optional.empty();
        }

        /** The duration in its largest whole unit, so a configured window is stated exactly: "36 hours", not "1 days". */
        private static String describe(Duration duration) {
            if (duration.toSecondsPart() == 0 && duration.toNanosPart() == 0) {
                if (duration.toMinutes() % (24 * 60) == 0) {
                    return plural(duration.toDays(), "day");
                }
                if (duration.toMinutes() % 60 == 0) {
                    return plural(duration.toHours(), "hour");
                }
                return plural(duration.toMinutes(), "minute");
            }
            return plural(duration.toSeconds(), "second");
        }

        private static String plural(long amount, String unit) {
            return amount + " " + unit + (amount == 1 ? "" : "s");
        }
    }
}
