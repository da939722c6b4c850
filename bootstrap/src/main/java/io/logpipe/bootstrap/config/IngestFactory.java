package io.logpipe.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDataSize;
import io.dropwizard.validation.MinDataSize;
import io.dropwizard.validation.MinDuration;
import io.logpipe.application.EntryRules;
import io.logpipe.application.IngestLimits;
import io.logpipe.application.IngestLogs;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** Ingest rules: how large requests and entries may be, how far timestamps may stray, and when ingest pushes back. */
public final class IngestFactory {

    @NotNull
    @JsonProperty
    private Duration maxAge = Duration.days(7);

    @NotNull
    @JsonProperty
    private Duration maxAhead = Duration.minutes(10);

    @NotNull
    @MinDataSize(1)
    @MaxDataSize(value = 1, unit = io.dropwizard.util.DataSizeUnit.GIBIBYTES)
    @JsonProperty
    private DataSize maxBodySize = DataSize.mebibytes(10);

    @Min(1)
    @JsonProperty
    private int maxEntries = 10_000;

    @NotNull
    @MinDataSize(1)
    @MaxDataSize(value = 64, unit = io.dropwizard.util.DataSizeUnit.MEBIBYTES)
    @JsonProperty
    private DataSize maxMessageSize = DataSize.kibibytes(64);

    @Min(1)
    @JsonProperty
    private int maxServiceLength = 256;

    @Min(1)
    @JsonProperty
    private int maxFieldLength = 256;

    @NotNull
    @MinDataSize(2)
    @MaxDataSize(value = 64, unit = io.dropwizard.util.DataSizeUnit.MEBIBYTES)
    @JsonProperty
    private DataSize maxAttributesSize = DataSize.kibibytes(16);

    @Min(1)
    @Max(64)
    @JsonProperty
    private int maxAttributesDepth = 8;

    @Min(1)
    @JsonProperty
    private long maxQueuedEntries = 1_000_000;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration idempotencyRetention = Duration.hours(24);

    /** The most entries one request may carry. */
    public int maxEntries() {
        return maxEntries;
    }

    public EntryRules rules() {
        IngestLimits limits = new IngestLimits(maxBodySize.toBytes(), maxEntries, (int) maxMessageSize.toBytes(),
                maxServiceLength, maxFieldLength, (int) maxAttributesSize.toBytes(), maxAttributesDepth);
        IngestLogs.TimestampWindow window = new IngestLogs.TimestampWindow(
                java.time.Duration.ofMillis(maxAge.toMilliseconds()),
                java.time.Duration.ofMillis(maxAhead.toMilliseconds()));
        return new EntryRules(limits, window);
    }

    /** The oldest timestamp ingest accepts, as an age. */
    public java.time.Duration maxAge() {
        return java.time.Duration.ofMillis(maxAge.toMilliseconds());
    }

    public IngestLogs.Admission admission() {
        return new IngestLogs.Admission(maxQueuedEntries,
                java.time.Duration.ofMillis(idempotencyRetention.toMilliseconds()));
    }
}
