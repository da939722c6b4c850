package io.logpipe.domain;

import java.util.Optional;

/**
 * Turns an API key presented by a client into the caller it stands for.
 *
 * <p>Implementations compare secrets in constant time, never log or keep the presented key, and are safe for
 * concurrent use.
 */
public interface KeyVerifier {

    /**
     * Checks a presented key.
     *
     * @param presentedKey the key exactly as the client sent it; may be null or malformed
     * @return the principal for a valid, active key; empty for anything else, including malformed input
     * @throws StoreUnavailableException if the keys cannot be read, so the answer is unknown rather than "no"
     */
    Optional<Principal> verify(String presentedKey);
}
