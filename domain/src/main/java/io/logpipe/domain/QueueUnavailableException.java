package io.logpipe.domain;

/**
 * The queue could not be reached or did not confirm an operation. For {@link LogQueue#enqueue}, the entries must be
 * treated as not accepted; the caller may retry.
 */
public final class QueueUnavailableException extends RuntimeException {
    public QueueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
