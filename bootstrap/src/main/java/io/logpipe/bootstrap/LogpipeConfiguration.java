package io.logpipe.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.logpipe.bootstrap.config.IngestFactory;
import io.logpipe.bootstrap.database.DatabaseFactory;
import io.logpipe.bootstrap.keys.KeysFactory;
import io.logpipe.bootstrap.queue.RedisFactory;
import io.logpipe.bootstrap.worker.WorkerFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** The whole of config.yml. Each section is a factory that builds its part of the running service. */
public class LogpipeConfiguration extends Configuration {

    @Valid
    @NotNull
    @JsonProperty
    private DatabaseFactory database;

    @Valid
    @NotNull
    @JsonProperty
    private RedisFactory redis;

    @Valid
    @NotNull
    @JsonProperty
    private WorkerFactory worker = new WorkerFactory();

    @Valid
    @NotNull
    @JsonProperty
    private KeysFactory keys = new KeysFactory();

    @Valid
    @NotNull
    @JsonProperty
    private IngestFactory ingest = new IngestFactory();

    public DatabaseFactory getDatabase() {
        return database;
    }

    public void setDatabase(DatabaseFactory database) {
        this.database = database;
    }

    public RedisFactory getRedis() {
        return redis;
    }

    public void setRedis(RedisFactory redis) {
        this.redis = redis;
    }

    public WorkerFactory getWorker() {
        return worker;
    }

    public KeysFactory getKeys() {
        return keys;
    }

    public IngestFactory getIngest() {
        return ingest;
    }
}
