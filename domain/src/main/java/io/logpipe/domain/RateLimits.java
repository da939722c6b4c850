package io.logpipe.domain;

/**
 * How much each API key may send and search, so that one tenant cannot starve the others. Limits are token buckets:
 * a steady rate with a burst allowance.
 *
 * <p><b>Thread-safety.</b> Implementations are safe for concurrent use.
 */
public interface RateLimits {

    /**
     * Takes {@code entries} from the caller's ingest allowance, or nothing if it holds fewer.
     *
     * @throws RateLimitedException if the allowance holds fewer than {@code entries}
     */
    void acquireEntries(Principal caller, int entries);

    /**
     * Takes one search (a page or a histogram) from the caller's query allowance.
     *
     * @throws RateLimitedException if the allowance is used up
     */
    void acquireQuery(Principal caller);

    /** No limits at all. */
    RateLimits UNLIMITED = new RateLimits() {
        @Override
        public void acquireEntries(Principal caller, int entries) {
        }

        @Override
        public void acquireQuery(Principal caller) {
        }
    };
}
