package io.logpipe.domain;

import java.util.Objects;

/** What checking a presented API key found: the caller it stands for, or why it was refused. */
public sealed interface KeyVerdict {

    /** The key is valid and active. */
    record Accepted(Principal principal) implements KeyVerdict {
        public Accepted {
            Objects.requireNonNull(principal, "principal");
        }
    }

    /**
     * The key was refused. What is known of it is for the audit trail and metrics, never for the client.
     *
     * @param reason why
     * @param keyId the id the key named, when it was well-formed; null otherwise
     * @param tenant the tenant of the stored key it named; null when no key has that id
     */
    record Refused(Reason reason, String keyId, String tenant) implements KeyVerdict {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }

        /** A refusal of input that names no key at all. */
        public static Refused of(Reason reason) {
            return new Refused(reason, null, null);
        }
    }

    /** Why a key was refused. */
    enum Reason {
        /** No key was sent. */
        MISSING,
        /** What was sent is not shaped like a key. */
        MALFORMED,
        /** No key has the id it names. */
        UNKNOWN,
        /** The id names a key, but the secret does not match it. */
        WRONG_SECRET,
        /** The key's expiry has passed. */
        EXPIRED,
        /** The key was revoked. */
        REVOKED
    }
}
