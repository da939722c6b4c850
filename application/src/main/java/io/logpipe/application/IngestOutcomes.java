package io.logpipe.application;

/**
 * Told what became of the entries of each ingest request, for metrics. Implementations must be thread-safe and
 * quick: they run on the request thread.
 */
@FunctionalInterface
public interface IngestOutcomes {
    /** Ignores everything. */
    IngestOutcomes NONE = (outcome, entries) -> {
    };

    void record(Outcome outcome, int entries);

    /** What happened to a request's entries. */
    enum Outcome {
        /** Queued and answered 202. */
        ACCEPTED,
        /** A repeat of a request already accepted under the same idempotency key: answered 202, nothing queued. */
        REPLAYED,
        /** Rejected because the request broke a rule: 422. */
        INVALID,
        /** Refused because the caller's key sent more than its rate limit allows: 429. */
        RATE_LIMITED,
        /** Refused because the queue is full: 503. */
        QUEUE_FULL,
        /** Not queued because the queue could not be reached: 503. */
        QUEUE_UNAVAILABLE
    }
}
