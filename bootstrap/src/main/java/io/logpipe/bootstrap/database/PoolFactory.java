package io.logpipe.bootstrap.database;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Connection pool sizing and timeouts, the same for both database modes. */
public final class PoolFactory {

    @Min(1)
    @Max(200)
    @JsonProperty
    private int maxSize = 16;

    @Min(0)
    @JsonProperty
    private int minSize = 2;

    /**
     * The longest a statement may run before PostgreSQL cancels it (SQLSTATE 57014, which the store reports as
     * unavailable, so a worker retries). Without it, one stuck statement holds a connection, and the worker, for ever.
     * Long enough for any migration this release ships.
     */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration statementTimeout = Duration.minutes(1);

    /**
     * How long the driver waits for any answer from the server before it gives the connection up: what ends a wait on
     * a connection that died silently, which no statement timeout can. Longer than {@code statementTimeout}.
     */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration socketTimeout = Duration.minutes(2);

    @ValidationMethod(message = "socketTimeout must be longer than statementTimeout, or a slow statement would look "
            + "like a dead connection")
    @JsonIgnore
    public boolean isSocketTimeoutLongerThanStatementTimeout() {
        return socketTimeout.toMilliseconds() > statementTimeout.toMilliseconds();
    }

    /**
     * The same connections as {@code base}, in a pool sized for the drain worker: one connection per thread, one for
     * creating partitions, one to spare.
     */
    public static DataSourceFactory sizedFor(DataSourceFactory base, int workerThreads) {
        DataSourceFactory factory = new DataSourceFactory();
        factory.setDriverClass(base.getDriverClass());
        factory.setUrl(base.getUrl());
        factory.setUser(base.getUser());
        factory.setPassword(base.getPassword());
        base.getValidationQuery().ifPresent(factory::setValidationQuery);
        factory.setCheckConnectionOnBorrow(base.getCheckConnectionOnBorrow());
        factory.setValidationInterval(base.getValidationInterval());
        factory.setProperties(base.getProperties());
        factory.setMaxSize(workerThreads + 2);
        factory.setMinSize(workerThreads);
        factory.setInitialSize(workerThreads);
        return factory;
    }

    /** A Dropwizard data source description for the given server. */
    public DataSourceFactory dataSource(String url, String user, String password) {
        DataSourceFactory factory = new DataSourceFactory();
        factory.setDriverClass("org.postgresql.Driver");
        factory.setUrl(url);
        factory.setUser(user);
        factory.setPassword(password == null ? "" : password);
        factory.setMaxSize(maxSize);
        factory.setMinSize(Math.min(minSize, maxSize));
        factory.setInitialSize(Math.min(minSize, maxSize));
        factory.setValidationQuery("/* logpipe health */ SELECT 1");
        // A connection PostgreSQL dropped (a restart, a failover) stays in the pool until validated. Without a check on
        // borrow it is handed out, and fails, until the idle check validates it, at most every 30 s by default.
        factory.setCheckConnectionOnBorrow(true);
        factory.setValidationInterval(Duration.seconds(1));
        // pgjdbc's own settings: socketTimeout in seconds; options are sent as session settings at connect.
        factory.setProperties(Map.of(
                "socketTimeout", Long.toString(Math.max(1, socketTimeout.toSeconds())),
                "options", "-c statement_timeout=" + statementTimeout.toMilliseconds()));
        return factory;
    }
}
