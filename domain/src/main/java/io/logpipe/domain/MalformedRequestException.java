package io.logpipe.domain;

import java.util.List;

/**
 * A request that cannot be understood as written, such as an unknown parameter or a cursor that does not belong to
 * the search it is sent with (HTTP 400), unlike {@link InvalidRequestException}, whose values are understood but break
 * a rule (422). Nothing of it was applied. {@link #errors()} names every problem.
 */
public final class MalformedRequestException extends RuntimeException {
    private final List<String> errors;

    public MalformedRequestException(String message, List<String> errors) {
        super(message);
        this.errors = List.copyOf(errors);
        if (this.errors.isEmpty()) {
            throw new IllegalArgumentException("a malformed request names at least one problem");
        }
    }

    /** One line per problem; never empty. */
    public List<String> errors() {
        return errors;
    }
}
