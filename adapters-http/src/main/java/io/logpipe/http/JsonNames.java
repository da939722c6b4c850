package io.logpipe.http;

import java.util.Locale;

/** The API's field naming: snake_case, as in {@code trace_id}. */
final class JsonNames {

    private JsonNames() {
    }

    /** {@code traceId} becomes {@code trace_id}; a name already in snake_case stays as it is. */
    static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
