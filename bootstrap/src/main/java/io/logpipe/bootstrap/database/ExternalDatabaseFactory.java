package io.logpipe.bootstrap.database;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** A PostgreSQL that runs elsewhere, named by a JDBC URL. Its schema comes from {@code db migrate} or migrateOnStart. */
@JsonIgnoreProperties({"dataDirectory"})
public final class ExternalDatabaseFactory extends DatabaseFactory {

    @NotBlank(message = "is required in external mode (set LOGPIPE_DATABASE_URL)")
    @Pattern(regexp = "jdbc:postgresql:.*", message = "must be a jdbc:postgresql: URL")
    @JsonProperty
    private String url;

    @JsonProperty
    private String user = "postgres";

    @JsonProperty
    private String password = "";

    @Override
    public Database open() {
        return new Database(getPool().dataSource(url, user, password), () -> { });
    }

    @Override
    public String describe() {
        return "external PostgreSQL at " + describe(url, user);
    }

    /** The URL without any password in it, and the user. */
    static String describe(String url, String user) {
        return url.replaceAll("password=[^&]*", "password=***") + " as " + user;
    }
}
