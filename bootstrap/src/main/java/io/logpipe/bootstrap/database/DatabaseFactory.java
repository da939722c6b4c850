package io.logpipe.bootstrap.database;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * Where logpipe's PostgreSQL comes from: {@code type: embedded} runs one inside the server process's data directory,
 * {@code type: external} connects to one that is already running. Everything after {@link #open()} is the same for
 * both modes.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = EmbeddedDatabaseFactory.class, name = "embedded"),
    @JsonSubTypes.Type(value = ExternalDatabaseFactory.class, name = "external")
})
public abstract class DatabaseFactory {

    @JsonProperty
    private boolean migrateOnStart = true;

    @Valid
    @NotNull
    @JsonProperty
    private PoolFactory pool = new PoolFactory();

    public boolean isMigrateOnStart() {
        return migrateOnStart;
    }

    public void setMigrateOnStart(boolean migrateOnStart) {
        this.migrateOnStart = migrateOnStart;
    }

    public PoolFactory getPool() {
        return pool;
    }

    /**
     * Makes the database reachable: starts or attaches to the embedded server, or just describes the external one.
     * Close the result when done; that stops an embedded server this call started, and does nothing otherwise.
     */
    public abstract Database open() throws Exception;

    /** Whether a first start with no keys should make one and print it: only for a local, embedded setup. */
    public abstract boolean issuesFirstKey();

    /** A one-line description for the startup log, without passwords. */
    public abstract String describe();
}
