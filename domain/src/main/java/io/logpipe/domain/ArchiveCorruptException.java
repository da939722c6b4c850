package io.logpipe.domain;

import java.util.List;

/**
 * An archive does not hold what its manifest says: a file is missing, truncated, altered, or holds another number of
 * entries. Retrying will not help; the original data must not be removed on the strength of it.
 */
public final class ArchiveCorruptException extends RuntimeException {
    private final List<String> problems;

    public ArchiveCorruptException(String message, List<String> problems) {
        super(message + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem found; never empty. */
    public List<String> problems() {
        return problems;
    }
}
