package io.logpipe.domain;

import java.util.List;

/**
 * What {@link DeadLetterStore#replay} did with each id it was given: every distinct id is in exactly one list, in the
 * order given.
 *
 * @param replayed ids whose entries are back in the queue; their dead letters are gone
 * @param notFound ids of no dead letter in the scope: never one, or replayed or purged already
 * @param undecodable ids of records that could not be decoded into entries, so there is nothing to queue; they stay
 *     until purged
 */
public record ReplayReport(List<String> replayed, List<String> notFound, List<String> undecodable) {

    public ReplayReport {
        replayed = List.copyOf(replayed);
        notFound = List.copyOf(notFound);
        undecodable = List.copyOf(undecodable);
    }
}
