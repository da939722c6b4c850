package io.logpipe.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.logpipe.application.IngestReceipt;
import java.util.List;
import java.util.UUID;

/**
 * The answer to an accepted ingest: how many entries were queued and their ids, in the order sent.
 *
 * @param accepted the number of entries queued
 * @param ids one id per entry, as the client gave it or as assigned
 */
record IngestResponse(@JsonProperty("accepted") int accepted, @JsonProperty("ids") List<String> ids) {

    static IngestResponse from(IngestReceipt receipt) {
        return new IngestResponse(receipt.accepted(), receipt.ids().stream().map(UUID::toString).toList());
    }
}
