package io.logpipe.http;

import java.util.List;

/**
 * A request body refused before its entries could be checked: too large (413), of a type or encoding we do not read
 * (415), or not readable as what its type says (400). Nothing of it was queued.
 */
final class RequestBodyException extends RuntimeException {
    static final int BAD_REQUEST = 400;
    static final int PAYLOAD_TOO_LARGE = 413;
    static final int UNSUPPORTED_MEDIA_TYPE = 415;

    private final int status;
    private final List<String> errors;

    RequestBodyException(int status, String message, List<String> errors) {
        super(message, null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    int status() {
        return status;
    }

    List<String> errors() {
        return errors;
    }
}
