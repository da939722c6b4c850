package io.logpipe.domain;

/**
 * The store could not be reached or did not commit an operation. For {@link LogStore#write}, nothing may be assumed
 * written; the caller retries the whole batch, which is safe because writes are idempotent.
 */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
