package io.logpipe.domain;

/** The caller is known but may not do what it asked (a role is missing). */
public final class AccessDeniedException extends RuntimeException {
    public AccessDeniedException(String message) {
        super(message);
    }
}
