package io.logpipe.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.logpipe.domain.DeadLetterPage;
import java.util.List;

/**
 * One page of {@code GET /admin/dead-letters}.
 *
 * @param deadLetters oldest first
 * @param nextCursor pass it back as {@code cursor} for the next page; {@code null} (written, not omitted) on the last
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record DeadLetterPageResponse(
        @JsonProperty("dead_letters") List<DeadLetterResponse> deadLetters,
        @JsonProperty("next_cursor") String nextCursor) {

    static DeadLetterPageResponse from(DeadLetterPage page) {
        return new DeadLetterPageResponse(page.letters().stream().map(DeadLetterResponse::from).toList(),
                page.nextCursor());
    }
}
