package io.logpipe.http;

import java.util.List;

/**
 * No NUL character in query text: PostgreSQL text cannot hold one, so a filter with it could only fail in the store.
 * (Ingest applies the same rule to entries in {@code IngestLogs}, for every ingest adapter.)
 */
final class StorableText {

    private StorableText() {
    }

    /** Adds {@code "<path>: must not contain ..."} to {@code errors} if {@code text} holds a NUL character. */
    static void check(String path, String text, List<String> errors) {
        if (text != null && text.indexOf('\0') >= 0) {
            errors.add(path + ": must not contain the NUL character (\\u0000)");
        }
    }
}
