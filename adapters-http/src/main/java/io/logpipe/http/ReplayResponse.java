package io.logpipe.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.logpipe.domain.ReplayReport;
import java.util.List;

/**
 * The answer to {@code POST /admin/dead-letters/replay}.
 *
 * @param replayed how many dead letters are back in the queue
 * @param notFound ids of none of the caller's dead letters: never one, or replayed or purged already
 * @param undecodable ids of records that could not be decoded, which cannot be replayed, only purged; for
 *     {@code "all": true} both lists are empty, and such records are left where they are
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record ReplayResponse(
        @JsonProperty("replayed") long replayed,
        @JsonProperty("not_found") List<String> notFound,
        @JsonProperty("undecodable") List<String> undecodable) {

    static ReplayResponse from(ReplayReport report) {
        return new ReplayResponse(report.replayed().size(), report.notFound(), report.undecodable());
    }

    static ReplayResponse ofAll(long replayed) {
        return new ReplayResponse(replayed, List.of(), List.of());
    }
}
