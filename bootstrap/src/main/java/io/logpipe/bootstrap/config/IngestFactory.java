package io.logpipe.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.logpipe.application.IngestLogs;
import jakarta.validation.constraints.NotNull;

/** Ingest rules: how far from now an entry's timestamp may lie. */
public final class IngestFactory {

    @NotNull
    @JsonProperty
    private Duration maxAge = Duration.days(7);

    @NotNull
    @JsonProperty
    private Duration maxAhead = Duration.minutes(10);

    public IngestLogs.TimestampWindow timestampWindow() {
        return new IngestLogs.TimestampWindow(
                java.time.Duration.ofMillis(maxAge.toMilliseconds()),
                java.time.Duration.ofMillis(maxAhead.toMilliseconds()));
    }
}
