package io.logpipe.bootstrap.database;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.ManagedDataSource;
import io.logpipe.bootstrap.config.ClosedOnStop;
import io.logpipe.bootstrap.embedded.EmbeddedDatabaseFactory;
import io.logpipe.bootstrap.metrics.ConnectionPoolMetrics;
import io.logpipe.postgres.PostgresMigrations;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.Optional;

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

    public PoolFactory getPool() {
        return pool;
    }

    /**
     * Opens the database for the server: closed when the server stops, migrated first while {@code migrateOnStart} is
     * set. Its pools are reported to {@code poolMetrics}.
     */
    public Postgres build(Environment environment, ConnectionPoolMetrics poolMetrics) throws Exception {
        Database database = open();
        environment.lifecycle().manage(ClosedOnStop.of(database));
        if (migrateOnStart) {
            ManagedDataSource migrations = database.dataSource().build(environment.metrics(), "postgres-migrations");
            try {
                PostgresMigrations.apply(migrations);
            } finally {
                migrations.stop();
            }
        }
        return new Postgres(database, environment, poolMetrics);
    }

    /** Opens the database for a one-shot command; see {@link CommandDatabase}. */
    public CommandDatabase openForCommand() throws Exception {
        Database database = open();
        ManagedDataSource dataSource = null;
        try {
            dataSource = database.dataSource().build(new MetricRegistry(), "command");
            if (migrateOnStart) {
                PostgresMigrations.apply(dataSource);
            }
            return new CommandDatabase(database, dataSource);
        } catch (Exception | Error e) {
            if (dataSource != null) {
                dataSource.stop();
            }
            database.close();
            throw e;
        }
    }

    /**
     * Makes the database reachable: starts or attaches to the embedded server, or just describes the external one.
     * Close the result when done; that stops an embedded server this call started, and does nothing otherwise.
     */
    public abstract Database open() throws Exception;

    /** Whether this mode can keep a generated key pepper of its own (the embedded one, in its data directory). */
    public boolean canGeneratePepper() {
        return false;
    }

    /**
     * The key pepper generated for this installation, made on first use; empty when this mode keeps none and the
     * pepper must be configured.
     */
    public Optional<String> generatedPepper() {
        return Optional.empty();
    }


    /** A one-line description for the startup log, without passwords. */
    public abstract String describe();
}
