package io.logpipe.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.logpipe.application.Peppers;
import io.dropwizard.validation.selfvalidating.SelfValidating;
import io.dropwizard.validation.selfvalidating.SelfValidation;
import io.dropwizard.validation.selfvalidating.ViolationCollector;
import io.logpipe.bootstrap.config.IngestFactory;
import io.logpipe.bootstrap.config.ProcessRole;
import io.logpipe.bootstrap.database.DatabaseFactory;
import io.logpipe.bootstrap.keys.KeysFactory;
import io.logpipe.bootstrap.query.QueryFactory;
import io.logpipe.bootstrap.queue.RedisFactory;
import io.logpipe.bootstrap.ratelimit.RateLimitFactory;
import io.logpipe.bootstrap.retention.RetentionFactory;
import io.logpipe.bootstrap.worker.WorkerFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.Set;

/** The whole of config.yml. Each section is a factory that builds its part of the running service. */
@SelfValidating
public class LogpipeConfiguration extends Configuration {

    /** Kept as written, so a bad value is reported by validation, naming it, rather than as a parse failure. */
    @JsonProperty
    private String roles = "api,worker";

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

    @Valid
    @NotNull
    @JsonProperty
    private RetentionFactory retention = new RetentionFactory();

    @Valid
    @NotNull
    @JsonProperty
    private QueryFactory query = new QueryFactory();

    @Valid
    @NotNull
    @JsonProperty
    private RateLimitFactory rateLimits = new RateLimitFactory();

    public DatabaseFactory getDatabase() {
        return database;
    }

    public RedisFactory getRedis() {
        return redis;
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

    public RetentionFactory getRetention() {
        return retention;
    }

    public RateLimitFactory getRateLimits() {
        return rateLimits;
    }

    /** The peppers API keys are hashed with: configured, or generated into the embedded data directory. */
    public Peppers peppers() {
        return keys.peppers(() -> database.generatedPepper().orElseThrow(() -> new IllegalStateException(
                "keys.pepper is required when the database is external")));
    }

    public QueryFactory getQuery() {
        return query;
    }

    /**
     * What this process runs; both roles when config.yml does not say.
     *
     * @throws IllegalArgumentException if {@code roles} is invalid, which validation reports before the server starts
     */
    public Set<ProcessRole> roles() {
        return ProcessRole.parseAll(roles);
    }

    @SelfValidation
    public void validateKeysAndLimits(ViolationCollector violations) {
        if (database != null) {
            keys.problem(database.canGeneratePepper())
                    .ifPresent(problem -> violations.addViolation("keys.pepper", problem));
        }
        rateLimits.problem(ingest.maxEntries())
                .ifPresent(problem -> violations.addViolation("rateLimits", problem));
    }

    @SelfValidation
    public void validateRoles(ViolationCollector violations) {
        try {
            roles();
        } catch (IllegalArgumentException e) {
            violations.addViolation("roles", e.getMessage());
        }
    }
}
