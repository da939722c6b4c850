package io.logpipe.bootstrap.database;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.db.ManagedPooledDataSource;
import io.dropwizard.jdbi3.JdbiFactory;
import io.logpipe.bootstrap.metrics.ConnectionPoolMetrics;
import org.jdbi.v3.core.Jdbi;

/**
 * The server's PostgreSQL once opened (and migrated): it hands out connection pools, each with its own health check and
 * metrics under its name, closed when the server stops.
 */
public final class Postgres {
    private final Database database;
    private final Environment environment;
    private final ConnectionPoolMetrics poolMetrics;

    Postgres(Database database, Environment environment, ConnectionPoolMetrics poolMetrics) {
        this.database = database;
        this.environment = environment;
        this.poolMetrics = poolMetrics;
    }

    /** A pool of the configured size. */
    public Jdbi pool(String name) {
        return pool(database.dataSource(), name);
    }

    /** A pool sized for the drain worker's threads (see {@link PoolFactory#sizedFor}). */
    public Jdbi workerPool(String name, int workerThreads) {
        return pool(PoolFactory.sizedFor(database.dataSource(), workerThreads), name);
    }

    /** A pool on a read replica, reported and closed like the others. */
    public Jdbi replicaPool(DataSourceFactory replica, String name) {
        return pool(replica, name);
    }

    private Jdbi pool(DataSourceFactory settings, String name) {
        ManagedDataSource source = settings.build(environment.metrics(), name);
        if (source instanceof ManagedPooledDataSource pooled) {
            poolMetrics.addDatabasePool(name, pooled);
        }
        return new JdbiFactory().build(environment, settings, source, name);
    }
}
