package io.logpipe.domain;

/** The archive could not be read or written, such as a full or missing disk; retrying later may succeed. */
public final class ArchiveUnavailableException extends RuntimeException {
    public ArchiveUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
