package io.logpipe.http;

import io.logpipe.domain.AuditAction;
import io.logpipe.domain.AuditTrail;
import io.logpipe.domain.InvalidRequestException;
import io.logpipe.domain.MalformedRequestException;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The query parameters of {@code GET /admin/audit}, read as {@link QueryParameters} reads a search's: an unknown
 * parameter or a cursor this API did not make is a 400, a value that breaks a rule a 422, every problem named at once.
 * Blank counts as absent.
 *
 * @param limit how many events, from 1 to {@link AuditTrail#MAX_LIMIT}
 * @param action only events of this action; empty for all
 * @param beforeId the cursor: only events older than this one; empty for the newest
 */
record AuditPageRequest(int limit, Optional<AuditAction> action, OptionalLong beforeId) {
    static final int DEFAULT_LIMIT = 100;
    private static final Set<String> PARAMETERS = Set.of("limit", "action", "cursor");
    private static final String ACTIONS = Arrays.stream(AuditAction.values()).map(AuditAction::wireName)
            .collect(Collectors.joining(", "));

    /**
     * @throws MalformedRequestException for an unknown parameter or a foreign cursor
     * @throws InvalidRequestException for a limit or an action that is not one
     */
    static AuditPageRequest read(UriInfo uri) {
        MultivaluedMap<String, String> parameters = decoded(uri);
        List<String> unknown = new ArrayList<>();
        parameters.keySet().stream().filter(name -> !PARAMETERS.contains(name)).sorted().forEach(name -> unknown.add(
                Shown.text(name) + ": unknown parameter; known are limit, action and cursor"));
        String cursor = single(parameters, "cursor", unknown);
        OptionalLong beforeId = cursor == null ? OptionalLong.empty() : beforeId(cursor, unknown);
        if (!unknown.isEmpty()) {
            throw new MalformedRequestException("invalid query parameters; nothing was read", unknown);
        }
        List<String> problems = new ArrayList<>();
        String limit = single(parameters, "limit", problems);
        String action = single(parameters, "action", problems);
        int pageSize = limit == null ? DEFAULT_LIMIT : limit(limit, problems);
        Optional<AuditAction> only = action == null ? Optional.empty() : action(action, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("invalid query parameters; nothing was read", problems);
        }
        return new AuditPageRequest(pageSize, only, beforeId);
    }

    /** The cursor that continues after the event with this id. */
    static String cursor(long id) {
        return Long.toString(id);
    }

    private static MultivaluedMap<String, String> decoded(UriInfo uri) {
        try {
            return uri.getQueryParameters();
        } catch (IllegalArgumentException e) {
            throw new MalformedRequestException("the query string cannot be decoded", List.of(
                    "query string: every % must start an escape of two hexadecimal digits, such as %20"));
        }
    }

    /** The one non-blank value of a parameter, or null; more than one is a problem. */
    private static String single(MultivaluedMap<String, String> parameters, String name, List<String> problems) {
        List<String> values = parameters.getOrDefault(name, List.of()).stream().filter(v -> !v.isBlank()).toList();
        if (values.size() > 1) {
            problems.add(name + ": give it at most once");
            return null;
        }
        return values.isEmpty() ? null : values.get(0).trim();
    }

    private static OptionalLong beforeId(String cursor, List<String> problems) {
        try {
            long id = Long.parseLong(cursor);
            if (id > 0 && cursor.equals(cursor(id))) {
                return OptionalLong.of(id);
            }
        } catch (NumberFormatException e) {
            // answered below, like any other text that is not a cursor
        }
        problems.add("cursor: not one this API made; pass next_cursor of the previous page as it was");
        return OptionalLong.empty();
    }

    private static int limit(String limit, List<String> problems) {
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= AuditTrail.MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below, like an out-of-range number
        }
        problems.add("limit: must be a whole number from 1 to " + AuditTrail.MAX_LIMIT);
        return DEFAULT_LIMIT;
    }

    private static Optional<AuditAction> action(String action, List<String> problems) {
        try {
            return Optional.of(AuditAction.parse(action));
        } catch (IllegalArgumentException e) {
            problems.add("action: unknown action '" + Shown.text(action) + "'; known are " + ACTIONS);
            return Optional.empty();
        }
    }
}
