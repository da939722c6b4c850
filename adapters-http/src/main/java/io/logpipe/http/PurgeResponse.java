package io.logpipe.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The answer to {@code POST /admin/dead-letters/purge}.
 *
 * @param purged how many dead letters were deleted
 * @param notFound ids of none of the caller's dead letters; empty for {@code "all": true}
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record PurgeResponse(
        @JsonProperty("purged") long purged,
        @JsonProperty("not_found") List<String> notFound) {
}
