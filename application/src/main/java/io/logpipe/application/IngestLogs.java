package io.logpipe.application;

import io.logpipe.domain.EntryIds;
import io.logpipe.domain.InvalidRequestException;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogQueue;
import io.logpipe.domain.Principal;
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
 * none is queued and every problem is reported.
 *
 * <p>The tenant comes from the caller's key. Entries without an id get a time-ordered one; entries without a
 * timestamp take the receive time. Timestamps must fall inside a window around now, so a client with a broken clock
 * cannot scatter entries across years of partitions.
 */
public final class IngestLogs {
    private final LogQueue queue;
    private final Clock clock;
    private final TimestampWindow window;

    public IngestLogs(LogQueue queue, Clock clock, TimestampWindow window) {
        this.queue = queue;
        this.clock = clock;
        this.window = window;
    }

    /**
     * Queues the drafts for the caller's tenant.
     *
     * @return the ids of the accepted entries, in order
     * @throws io.logpipe.domain.AccessDeniedException if the caller lacks the ingest role
     * @throws InvalidRequestException if the batch is empty or any entry is invalid; nothing is queued
     * @throws io.logpipe.domain.QueueUnavailableException if the queue cannot confirm; nothing is accepted
     */
    public IngestReceipt ingest(Principal caller, List<EntryDraft> drafts) {
        caller.require(Role.INGEST);
        if (drafts.isEmpty()) {
            throw new InvalidRequestException("no entries", List.of("the request holds no log entries"));
        }
        Instant now = clock.instant();
        List<String> errors = new ArrayList<>();
        List<LogEntry> entries = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            EntryDraft draft = drafts.get(i);
            String path = entryPath(i);
            if (draft == null) {
                errors.add("[" + i + "]: must be a log entry object, not null");
                continue;
            }
            Instant timestamp = draft.timestamp() == null ? now : draft.timestamp();
            window.check(timestamp, now).ifPresent(problem -> errors.add(path + "timestamp: " + problem));
            List<String> missing = missingFields(draft);
            if (!missing.isEmpty()) {
                missing.forEach(field -> errors.add(path + field + " is required"));
                continue;
            }
            Optional<String> nulField = StorableText.fieldWithNul(draft);
            if (nulField.isPresent()) {
                errors.add(path + nulField.get() + ": contains a NUL character (U+0000), which cannot be stored");
                continue;
            }
            try {
                entries.add(accept(caller.tenant(), draft, timestamp, now));
            } catch (IllegalArgumentException e) {
                errors.add(path + e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("invalid log entries; none were accepted", errors);
        }
        queue.enqueue(entries);
        return new IngestReceipt(entries.stream().map(LogEntry::id).toList());
    }

    private static LogEntry accept(String tenant, EntryDraft draft, Instant timestamp, Instant now) {
        UUID id = draft.id() == null ? EntryIds.newId(now) : draft.id();
        return new LogEntry(id, tenant, timestamp, now, draft.service(), draft.level(), draft.message(),
                draft.attributes(), draft.traceId(), draft.spanId(), draft.host());
    }

    private static List<String> missingFields(EntryDraft draft) {
        List<String> missing = new ArrayList<>(3);
        if (draft.service() == null) {
            missing.add("service");
        }
        if (draft.level() == null) {
            missing.add("level");
        }
        if (draft.message() == null) {
            missing.add("message");
        }
        return missing;
    }

    private static String entryPath(int index) {
        return "[" + index + "].";
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
