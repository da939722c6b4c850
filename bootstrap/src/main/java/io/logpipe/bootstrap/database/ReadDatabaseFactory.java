package io.logpipe.bootstrap.database;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.db.DataSourceFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * An optional read replica of the primary database, such as a PostgreSQL streaming standby: while its {@code url} is
 * set, searches and histograms read from it and nothing else does. Writes, migrations and API keys always go to the
 * primary. It is never migrated: a replica gets its schema, like its entries, by replaying the primary's WAL.
 */
public final class ReadDatabaseFactory {

    /** Empty (or absent) means no replica: queries read the primary. */
    @Pattern(regexp = "(jdbc:postgresql:.*)?", message = "must be empty or a jdbc:postgresql: URL")
    @JsonProperty
    private String url;

    @JsonProperty
    private String user = "postgres";

    @JsonProperty
    private String password = "";

    @Valid
    @NotNull
    @JsonProperty
    private PoolFactory pool = new PoolFactory();

    public boolean isEnabled() {
        return url != null && !url.isBlank();
    }

    /**
     * The replica's connection settings.
     *
     * @throws IllegalStateException if no replica is configured
     */
    public DataSourceFactory dataSource() {
        if (!isEnabled()) {
            throw new IllegalStateException("no readDatabase url is configured");
        }
        return pool.dataSource(url, user, password);
    }

    /** A one-line description for the startup log, without passwords. */
    public String describe() {
        return isEnabled() ? "read replica at " + ExternalDatabaseFactory.describe(url, user) : "none";
    }
}
