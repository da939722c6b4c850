package io.logpipe.application;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds NUL characters in an entry's text. PostgreSQL text and jsonb cannot hold U+0000, so such an entry could never
 * be stored; rejecting it at ingest keeps it from being answered with 202 and then stuck in the queue.
 */
final class StorableText {

    private StorableText() {
    }

    /** The first field holding a NUL, such as {@code attributes.user.name}, or empty. */
    static Optional<String> fieldWithNul(EntryDraft draft) {
        if (hasNul(draft.service())) {
            return Optional.of("service");
        }
        if (hasNul(draft.message())) {
            return Optional.of("message");
        }
        if (hasNul(draft.traceId())) {
            return Optional.of("trace_id");
        }
        if (hasNul(draft.spanId())) {
            return Optional.of("span_id");
        }
        if (hasNul(draft.host())) {
            return Optional.of("host");
        }
        return draft.attributes() == null ? Optional.empty() : inValue("attributes", draft.attributes());
    }

    private static Optional<String> inValue(String path, Object value) {
        if (value instanceof String text) {
            return hasNul(text) ? Optional.of(path) : Optional.empty();
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> field : map.entrySet()) {
                String key = String.valueOf(field.getKey());
                if (hasNul(key)) {
                    return Optional.of(path + " (a key)");
                }
                Optional<String> found = inValue(path + "." + key, field.getValue());
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Optional<String> found = inValue(path + "[" + i + "]", list.get(i));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean hasNul(String text) {
        return text != null && text.indexOf('\u0000') >= 0;
    }
}
