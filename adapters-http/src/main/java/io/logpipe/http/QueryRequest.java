package io.logpipe.http;

import io.logpipe.application.TextRules;
import io.logpipe.domain.InvalidRequestException;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.PageCursor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The query parameters of {@code GET /query}, exactly as sent. They are taken as strings and parsed here, because
 * Jersey answers a parameter it cannot convert with a bare 404; this way every bad parameter is named in one 422.
 * Blank parameters count as absent, which is what form-built URLs such as {@code ?level=} mean.
 */
record QueryRequest(String from, String to, String service, String level, String limit, String cursor) {

    /**
     * The search these parameters describe, bound to {@code tenant}.
     *
     * @throws InvalidRequestException naming every bad parameter
     */
    LogQuery toLogQuery(String tenant) {
        List<String> errors = new ArrayList<>();
        Instant fromInstant = parseInstant("from", from, errors);
        Instant toInstant = parseInstant("to", to, errors);
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            errors.add("to: must be later than from");
        }
        if (service != null && TextRules.problem(service) != null) {
            errors.add("service: " + TextRules.problem(service));
        }
        Level parsedLevel = parseLevel(errors);
        int pageSize = parseLimit(errors);
        PageCursor after = parseCursor(errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("invalid query parameters", errors);
        }
        return new LogQuery(tenant, fromInstant, toInstant, absentIfBlank(service), parsedLevel, pageSize, after);
    }

    private static Instant parseInstant(String name, String value, List<String> errors) {
        if (absentIfBlank(value) == null) {
            return null;
        }
        try {
            return Rfc3339.parse(value.trim());
        } catch (IllegalArgumentException e) {
            errors.add(name + ": " + e.getMessage());
            return null;
        }
    }

    private Level parseLevel(List<String> errors) {
        if (absentIfBlank(level) == null) {
            return null;
        }
        try {
            return Level.parse(level);
        } catch (IllegalArgumentException e) {
            errors.add("level: " + e.getMessage());
            return null;
        }
    }

    private int parseLimit(List<String> errors) {
        if (absentIfBlank(limit) == null) {
            return LogQuery.DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit.trim());
            if (value >= 1 && value <= LogQuery.MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, like an out-of-range number
        }
        errors.add("limit: must be a whole number from 1 to " + LogQuery.MAX_LIMIT);
        return LogQuery.DEFAULT_LIMIT;
    }

    private PageCursor parseCursor(List<String> errors) {
        if (absentIfBlank(cursor) == null) {
            return null;
        }
        try {
            return PageCursor.decode(cursor.trim());
        } catch (InvalidRequestException e) {
            errors.addAll(e.errors());
            return null;
        }
    }

    private static String absentIfBlank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
