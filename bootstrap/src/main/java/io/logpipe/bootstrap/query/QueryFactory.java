package io.logpipe.bootstrap.query;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import io.logpipe.application.QueryWindow;
import io.logpipe.bootstrap.database.Postgres;
import io.logpipe.bootstrap.database.ReadDatabaseFactory;
import io.logpipe.domain.LogStore;
import io.logpipe.postgres.PostgresLogStore;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;

/**
 * How searches and histograms run: the time range a request gets by default and at most, how long one statement may
 * take, the result cache, and where they read (the primary, or a read replica).
 */
public final class QueryFactory {
    /** The pool queries get on the primary when there is no replica: their own, so they cannot starve API keys. */
    static final String PRIMARY_POOL = "postgres-query";
    static final String REPLICA_POOL = "postgres-read";

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration defaultSpan = Duration.hours(1);

    @NotNull
    @JsonProperty
    private Duration maxSpan = Duration.days(31);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration statementTimeout = Duration.seconds(10);

    @Valid
    @NotNull
    @JsonProperty
    private QueryCacheFactory cache = new QueryCacheFactory();

    @Valid
    @NotNull
    @JsonProperty
    private ReadDatabaseFactory readDatabase = new ReadDatabaseFactory();

    @ValidationMethod(message = "defaultSpan must not be longer than maxSpan")
    @JsonIgnore
    public boolean isDefaultSpanWithinMaxSpan() {
        return defaultSpan.toNanoseconds() <= maxSpan.toNanoseconds();
    }

    /** How a request's {@code from} and {@code to} are filled in and bounded. */
    public QueryWindow window(Clock clock) {
        return new QueryWindow(clock, javaDuration(defaultSpan), javaDuration(maxSpan));
    }

    /**
     * The store the API's searches read: PostgreSQL on a pool of their own (a bulkhead against the worker and key
     * lookups), on the replica when one is configured, behind the result cache.
     *
     * @param primary the primary database, which queries read only when no replica is configured
     */
    public LogStore build(Environment environment, Postgres primary) {
        Jdbi pool = readDatabase.isEnabled()
                ? primary.replicaPool(readDatabase.dataSource(), REPLICA_POOL)
                : primary.pool(PRIMARY_POOL);
        LogStore store = new PostgresLogStore(pool, javaDuration(statementTimeout));
        return cache.around(store, environment.metrics());
    }

    /** A one-line description for the startup log, without passwords. */
    public String describe() {
        return "read from " + (readDatabase.isEnabled() ? readDatabase.describe() : "the primary") + ", statements "
                + "cancelled after " + statementTimeout + ", cache " + cache.describe();
    }

    private static java.time.Duration javaDuration(Duration duration) {
        return java.time.Duration.ofNanos(duration.toNanoseconds());
    }
}
