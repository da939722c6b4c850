package io.logpipe.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.logpipe.domain.AuditPage;
import java.util.List;

/**
 * One page of {@code GET /admin/audit}, newest first.
 *
 * @param nextCursor pass it back as {@code cursor} for the next page; {@code null} (written, not omitted) on the last
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record AuditPageResponse(
        @JsonProperty("events") List<AuditEventResponse> events,
        @JsonProperty("next_cursor") String nextCursor) {

    static AuditPageResponse from(AuditPage page) {
        return new AuditPageResponse(page.events().stream().map(AuditEventResponse::from).toList(),
                page.nextBefore().isPresent() ? AuditPageRequest.cursor(page.nextBefore().getAsLong()) : null);
    }
}
