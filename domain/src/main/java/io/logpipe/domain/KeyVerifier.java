package io.logpipe.domain;

/**
 * Turns an API key presented by a client into the caller it stands for, or says why it does not stand for one.
 *
 * <p>Implementations compare secrets in constant time, take about as long for an unknown key id as for a wrong
 * secret, never log or keep the presented key, and are safe for concurrent use.
 */
public interface KeyVerifier {

    /**
     * Checks a presented key.
     *
     * @param presentedKey the key exactly as the client sent it; may be null or malformed
     * @return {@link KeyVerdict.Accepted} for a valid, active key; {@link KeyVerdict.Refused} for anything else,
     *     including malformed input. A client is told only that the key was refused, never why.
     * @throws StoreUnavailableException if the keys cannot be read, so the answer is unknown rather than "no"
     */
    KeyVerdict verify(String presentedKey);
}
