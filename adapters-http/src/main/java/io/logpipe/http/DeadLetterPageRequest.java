package io.logpipe.http;

import io.logpipe.domain.DeadLetterStore;
import io.logpipe.domain.InvalidRequestException;
import java.util.List;

/**
 * The query parameters of {@code GET /admin/dead-letters}, as sent: taken as strings and parsed here, as for
 * {@link QueryRequest}, so a bad one is a 422 naming it rather than Jersey's bare 404. Blank counts as absent.
 */
record DeadLetterPageRequest(String limit, String cursor) {
    static final int DEFAULT_LIMIT = 20;

    /** @throws InvalidRequestException if the limit is not a whole number from 1 to the store's maximum */
    int pageSize() {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit.trim());
            if (value >= 1 && value <= DeadLetterStore.MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below, like an out-of-range number
        }
        throw new InvalidRequestException("invalid query parameters",
                List.of("limit: must be a whole number from 1 to " + DeadLetterStore.MAX_LIMIT));
    }

    /** The cursor as sent, or null for the first page; the store checks it. */
    String pageCursor() {
        return cursor == null || cursor.isBlank() ? null : cursor.trim();
    }
}
