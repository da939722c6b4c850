package io.logpipe.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.logpipe.application.RetentionSetting;
import java.util.Locale;

/**
 * A tenant's retention: {@code {"tenant": "acme", "days": 30, "source": "default"}}.
 *
 * @param source {@code default} (the configured default) or {@code tenant} (the tenant's own)
 */
record RetentionResponse(
        @JsonProperty("tenant") String tenant,
        @JsonProperty("days") int days,
        @JsonProperty("source") String source) {

    static RetentionResponse from(RetentionSetting setting) {
        return new RetentionResponse(setting.tenant(), setting.days(),
                setting.source().name().toLowerCase(Locale.ROOT));
    }
}
