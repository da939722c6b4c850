package io.logpipe.application;

import java.util.List;
import java.util.Objects;

/**
 * One ingest request as its protocol reader found it.
 *
 * @param drafts the entries in the order sent
 * @param retry the request's idempotency key and body fingerprint, or null when the client sent no key
 */
public record IngestBatch(List<EntryDraft> drafts, RetryKey retry) {

    public IngestBatch {
        drafts = List.copyOf(drafts);
    }

    /**
     * What makes a request safe to retry.
     *
     * @param key the client's {@code Idempotency-Key}
     * @param fingerprint a digest of the body as received, such as its SHA-256 in hex
     */
    public record RetryKey(String key, String fingerprint) {
        public RetryKey {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(fingerprint, "fingerprint");
        }
    }
}
