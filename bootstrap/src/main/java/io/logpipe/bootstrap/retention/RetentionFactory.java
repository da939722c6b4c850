package io.logpipe.bootstrap.retention;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.logpipe.application.EnforceRetention;
import io.logpipe.application.ManageRetention;
import io.logpipe.archive.FilesystemArchiveStore;
import io.logpipe.domain.ArchiveStore;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** How long entries are kept, how often the retention job runs, and whether days are archived before they go. */
public final class RetentionFactory {

    /** Days a tenant's entries are kept unless the tenant set its own retention. */
    @Min(ManageRetention.MIN_DAYS)
    @Max(ManageRetention.MAX_DAYS)
    @JsonProperty
    private int defaultDays = 30;

    /** Time between the end of one run and the start of the next; the first runs this long after start. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration interval = Duration.hours(1);

    /** The most entries one delete removes, so no transaction grows with a tenant's data. */
    @Min(1)
    @Max(1_000_000)
    @JsonProperty
    private int deleteBatchSize = 10_000;

    @Valid
    @NotNull
    @JsonProperty
    private ArchiveFactory archive = new ArchiveFactory();

    public int getDefaultDays() {
        return defaultDays;
    }

    public java.time.Duration interval() {
        return java.time.Duration.ofMillis(interval.toMilliseconds());
    }

    /** @param stillWritable how far back ingest still accepts entries, and how long they may wait in the queue */
    public EnforceRetention.Settings settings(java.time.Duration stillWritable) {
        return new EnforceRetention.Settings(defaultDays, deleteBatchSize, stillWritable);
    }

    /** Where the job archives days before dropping them; empty when archiving is off. */
    public Optional<ArchiveStore> archiveForJob() {
        return archive.enabled ? Optional.of(archiveStore()) : Optional.empty();
    }

    /** The archive directory, for the {@code archive} command, whether or not the job archives. */
    public ArchiveStore archiveStore() {
        return new FilesystemArchiveStore(Path.of(archive.directory));
    }

    public String describe() {
        return "default " + defaultDays + " days, every " + interval + ", "
                + (archive.enabled ? "archiving to " + Path.of(archive.directory).toAbsolutePath() : "no archive");
    }

    /** Archiving of whole days before they are dropped. */
    public static final class ArchiveFactory {
        @JsonProperty
        private boolean enabled = false;

        @NotBlank
        @JsonProperty
        private String directory = "./data/archive";
    }
}
