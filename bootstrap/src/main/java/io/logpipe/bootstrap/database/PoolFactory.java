package io.logpipe.bootstrap.database;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.db.DataSourceFactory;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Connection pool sizing, the same for both database modes. */
public final class PoolFactory {

    @Min(1)
    @Max(200)
    @JsonProperty
    private int maxSize = 16;

    @Min(0)
    @JsonProperty
    private int minSize = 2;

    /** A Dropwizard data source description for the given server. */
    DataSourceFactory dataSource(String url, String user, String password) {
        DataSourceFactory factory = new DataSourceFactory();
        factory.setDriverClass("org.postgresql.Driver");
        factory.setUrl(url);
        factory.setUser(user);
        factory.setPassword(password == null ? "" : password);
        factory.setMaxSize(maxSize);
        factory.setMinSize(Math.min(minSize, maxSize));
        factory.setInitialSize(Math.min(minSize, maxSize));
        factory.setValidationQuery("/* logpipe health */ SELECT 1");
        return factory;
    }
}
