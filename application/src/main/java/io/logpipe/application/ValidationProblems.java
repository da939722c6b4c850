package io.logpipe.application;

import io.logpipe.domain.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the problems of one request, keeping the first {@value #SHOWN} and counting the rest, so a request with a
 * million bad entries gets a short answer and costs no memory per problem beyond those shown. Not thread-safe.
 */
public final class ValidationProblems {
    static final int SHOWN = 100;

    private final List<String> shown = new ArrayList<>();
    private long more;

    /** Notes one problem, such as {@code "[3].service: must not be blank"}. */
    public void add(String problem) {
        if (shown.size() < SHOWN) {
            shown.add(problem);
        } else {
            more++;
        }
    }

    /** As {@link #add(String)} with {@code where + ": " + problem}, building the line only if it is shown. */
    public void add(String where, String problem) {
        if (shown.size() < SHOWN) {
            shown.add(where + ": " + problem);
        } else {
            more++;
        }
    }

    /** Counts {@code count} problems found and described nowhere, such as those a reader stopped listing. */
    public void countUnlisted(long count) {
        more += count;
    }

    public boolean isEmpty() {
        return shown.isEmpty() && more == 0;
    }

    /** How many problems were noted, shown or not. */
    public long count() {
        return shown.size() + more;
    }

    /** The request's rejection: the problems shown, then a line counting the others, if any. */
    InvalidRequestException rejection(String message) {
        List<String> lines = new ArrayList<>(shown);
        if (more > 0) {
            lines.add("... and " + more + " more problem" + (more == 1 ? "" : "s"));
        }
        return new InvalidRequestException(message, lines);
    }
}
