package io.logpipe.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.logpipe.domain.StoredDeadLetter;
import java.util.List;

/**
 * One dead letter as the admin API shows it. Its entries are written as a query writes them; absent values are
 * written as {@code null}, never left out.
 *
 * @param tenant {@code null} for a record that could not be decoded
 * @param entries none for a record that could not be decoded, one for an entry the store refused, those of the record
 *     for a record set aside whole
 * @param payload the text as it was queued
 * @param code the store's error code, such as a SQLSTATE; {@code null} when there is none
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record DeadLetterResponse(
        @JsonProperty("id") String id,
        @JsonProperty("tenant") String tenant,
        @JsonProperty("entries") List<EntryResponse> entries,
        @JsonProperty("payload") String payload,
        @JsonProperty("reason") String reason,
        @JsonProperty("code") String code,
        @JsonProperty("deliveries") int deliveries,
        @JsonProperty("set_aside_at") String setAsideAt) {

    static DeadLetterResponse from(StoredDeadLetter letter) {
        return new DeadLetterResponse(
                letter.id(),
                letter.tenant(),
                letter.entries().stream().map(EntryResponse::from).toList(),
                letter.payload(),
                letter.reason(),
                letter.code().isEmpty() ? null : letter.code(),
                letter.deliveries(),
                Rfc3339.format(letter.setAsideAt()));
    }
}
