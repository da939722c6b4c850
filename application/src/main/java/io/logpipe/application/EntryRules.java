package io.logpipe.application;

import io.logpipe.application.IngestLogs.TimestampWindow;
import java.time.Instant;

/**
 * The rules every entry must meet, whichever protocol brought it: the one place they are checked. Reports every
 * problem of an entry, each as {@code "<where>.<field>: <problem>"}, together with those its reader found.
 * Thread-safe.
 */
public final class EntryRules {
    private final IngestLimits limits;
    private final TimestampWindow window;

    public EntryRules(IngestLimits limits, TimestampWindow window) {
        this.limits = limits;
        this.window = window;
    }

    public IngestLimits limits() {
        return limits;
    }

    /**
     * Adds every problem of {@code draft} to {@code problems}.
     *
     * @param now the receive time, which a missing timestamp defaults to and the window is measured from
     */
    void check(EntryDraft draft, Instant now, ValidationProblems problems) {
        String where = draft.where();
        if (!draft.isObject()) {
            draft.problems().forEach(problem -> problems.add(where, problem));
            return;
        }
        draft.problems().forEach(problem -> problems.add(where + "." + problem));
        problems.countUnlisted(draft.unlistedProblems());
        checkService(draft, where, problems);
        checkMessage(draft, where, problems);
        checkOptional("trace_id", draft.traceId(), where, problems);
        checkOptional("span_id", draft.spanId(), where, problems);
        checkOptional("host", draft.host(), where, problems);
        if (draft.timestamp() != null) {
            window.check(draft.timestamp(), now).ifPresent(problem -> problems.add(where + ".timestamp", problem));
        }
    }

    private void checkService(EntryDraft draft, String where, ValidationProblems problems) {
        String service = draft.service();
        if (service == null) {
            if (!draft.readerReported("service")) {
                problems.add(where + ".service", "is required");
            }
            return;
        }
        if (service.isBlank()) {
            problems.add(where + ".service", "must not be blank");
        } else if (service.length() > limits.maxServiceLength()) {
            problems.add(where + ".service", "must be at most " + limits.maxServiceLength() + " characters");
        } else if (hasControlCharacter(service)) {
            problems.add(where + ".service", "must not contain control characters such as tabs or line breaks");
        } else {
            reportText("service", service, where, problems);
        }
    }

    private void checkMessage(EntryDraft draft, String where, ValidationProblems problems) {
        String message = draft.message();
        if (message == null) {
            if (!draft.readerReported("message")) {
                problems.add(where + ".message", "is required");
            }
            return;
        }
        // A char takes 1 to 3 bytes, so only a message that might be too long is measured.
        if ((long) message.length() * 3 > limits.maxMessageBytes()
                && TextRules.utf8Length(message) > limits.maxMessageBytes()) {
            problems.add(where + ".message", "must be at most " + limits.maxMessageBytes() + " bytes of UTF-8");
            return;
        }
        reportText("message", message, where, problems);
    }

    private void checkOptional(String field, String value, String where, ValidationProblems problems) {
        if (value == null) {
            return;
        }
        if (value.length() > limits.maxFieldLength()) {
            problems.add(where + "." + field, "must be at most " + limits.maxFieldLength() + " characters");
            return;
        }
        reportText(field, value, where, problems);
    }

    private static void reportText(String field, String text, String where, ValidationProblems problems) {
        String problem = TextRules.problem(text);
        if (problem != null) {
            problems.add(where + "." + field, problem);
        }
    }

    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
