package io.logpipe.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.logpipe.domain.AuditEvent;
import io.logpipe.domain.StoredAuditEvent;

/**
 * One event of {@code GET /admin/audit}.
 *
 * @param actor the key id that acted, {@code cli} for the operator's command line, {@code system} for logpipe itself
 * @param action such as {@code key.create}
 * @param outcome {@code success}, {@code denied} or {@code failure}
 * @param remoteAddress {@code null} for changes not made over HTTP
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record AuditEventResponse(
        @JsonProperty("id") long id,
        @JsonProperty("at") String at,
        @JsonProperty("actor") String actor,
        @JsonProperty("tenant") String tenant,
        @JsonProperty("action") String action,
        @JsonProperty("target") String target,
        @JsonProperty("outcome") String outcome,
        @JsonProperty("remote_address") String remoteAddress,
        @JsonProperty("detail") String detail) {

    static AuditEventResponse from(StoredAuditEvent stored) {
        AuditEvent event = stored.event();
        return new AuditEventResponse(stored.id(), Rfc3339.format(event.at()), event.actor(), event.tenant(),
                event.action().wireName(), event.target(), event.outcome().wireName(), event.remoteAddress(),
                event.detail());
    }
}
