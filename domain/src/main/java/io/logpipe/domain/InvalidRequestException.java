package io.logpipe.domain;

import java.util.List;

/**
 * A request was rejected as a whole because some of its input is invalid; nothing of it was applied.
 * {@link #errors()} names every problem found, each prefixed with where it was found, such as {@code [2].level}.
 */
public final class InvalidRequestException extends RuntimeException {
    private final List<String> errors;

    public InvalidRequestException(String message, List<String> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    /** One line per problem; never empty. */
    public List<String> errors() {
        return errors;
    }
}
