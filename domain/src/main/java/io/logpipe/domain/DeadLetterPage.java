package io.logpipe.domain;

import java.util.List;

/**
 * One page of {@link DeadLetterStore#list}.
 *
 * @param letters the dead letters, in the store's order
 * @param nextCursor where the next page starts, to pass to {@link DeadLetterStore#list} as it is; null when this is
 *     the last page
 */
public record DeadLetterPage(List<StoredDeadLetter> letters, String nextCursor) {

    public DeadLetterPage {
        letters = List.copyOf(letters);
    }
}
