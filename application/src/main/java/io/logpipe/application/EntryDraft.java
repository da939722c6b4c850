package io.logpipe.application;

import io.logpipe.domain.Attributes;
import io.logpipe.domain.Level;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A log entry as a protocol reader found it in a request, not yet checked against {@link EntryRules}: it has no
 * tenant and no receive time, and any field may be missing.
 *
 * <p>The reader checks what only it can see (JSON types, unknown fields, the attributes' JSON) and lists what it
 * found in {@link #problems}, each as {@code "field: problem"}. A field named there is null here, and the rules do
 * not report it again.
 *
 * @param where where the entry sits in the request, to prefix its problems with: {@code [3]} or {@code line 4}
 * @param isObject false when the request held something other than an entry object here (such as {@code null});
 *     all fields are then null
 * @param id the client's id for the entry, or null to have one assigned
 * @param timestamp when the event happened, or null for "now"
 * @param service the emitting service, or null
 * @param level the severity, or null for {@link Level#INFO}
 * @param message the text, or null
 * @param attributes structured fields as checked JSON, or null for none
 * @param traceId trace id, or null
 * @param spanId span id, or null
 * @param host host name, or null
 * @param problems what the reader found wrong, in the order found
 * @param unlistedProblems how many more problems the reader found and only counted, so that a body full of bad
 *     values costs no memory per problem; the entry is invalid if this is above zero
 */
public record EntryDraft(
        String where,
        boolean isObject,
        UUID id,
        Instant timestamp,
        String service,
        Level level,
        String message,
        Attributes attributes,
        String traceId,
        String spanId,
        String host,
        List<String> problems,
        long unlistedProblems) {

    public EntryDraft {
        problems = List.copyOf(problems);
        if (unlistedProblems < 0) {
            throw new IllegalArgumentException("unlistedProblems must not be negative");
        }
    }

    /** A draft whose every problem is listed. */
    public EntryDraft(String where, boolean isObject, UUID id, Instant timestamp, String service, Level level,
            String message, Attributes attributes, String traceId, String spanId, String host, List<String> problems) {
        this(where, isObject, id, timestamp, service, level, message, attributes, traceId, spanId, host, problems, 0);
    }

    /** An entry whose fields are all fine as far as the reader can tell. */
    public static EntryDraft of(String where, UUID id, Instant timestamp, String service, Level level, String message,
            Attributes attributes, String traceId, String spanId, String host) {
        return new EntryDraft(where, true, id, timestamp, service, level, message, attributes, traceId, spanId, host,
                List.of());
    }

    /** Something in the request where an entry object belongs that is not one. */
    public static EntryDraft notAnObject(String where, String problem) {
        return new EntryDraft(where, false, null, null, null, null, null, null, null, null, null, List.of(problem));
    }

    /** True if the reader reported a problem with {@code field}, so the rules should not report its absence. */
    boolean readerReported(String field) {
        for (String problem : problems) {
            if (problem.startsWith(field) && problem.startsWith(": ", field.length())) {
                return true;
            }
        }
        return false;
    }
}
