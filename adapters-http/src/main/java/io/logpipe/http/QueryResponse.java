package io.logpipe.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.logpipe.domain.LogPage;
import io.logpipe.domain.PageCursor;
import java.util.List;

/**
 * One page of query results.
 *
 * @param entries in the order asked for, newest first by default
 * @param nextCursor pass it back as {@code cursor} for the next page; {@code null} (written, not omitted) on the last
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record QueryResponse(
        @JsonProperty("entries") List<EntryResponse> entries,
        @JsonProperty("next_cursor") String nextCursor) {

    static QueryResponse from(LogPage page) {
        return new QueryResponse(
                page.entries().stream().map(EntryResponse::from).toList(),
                page.next().map(PageCursor::encode).orElse(null));
    }
}
