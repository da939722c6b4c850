package io.logpipe.bootstrap.database;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.jdbi3.JdbiFactory;
import org.jdbi.v3.core.Jdbi;

/**
 * The server's PostgreSQL once opened (and migrated): it hands out connection pools, each with its own health check and
 * metrics under its name, closed when the server stops.
 */
public final class Postgres {
    private final Database database;
    private final Environment environment;

    Postgres(Database database, Environment environment) {
        this.database = database;
        this.environment = environment;
    }

    /** A pool of the configured size. */
    public Jdbi pool(String name) {
        return new JdbiFactory().build(environment, database.dataSource(), name);
    }

    /** A pool sized for the drain worker's threads (see {@link PoolFactory#sizedFor}). */
    public Jdbi workerPool(String name, int workerThreads) {
        return new JdbiFactory().build(environment, PoolFactory.sizedFor(database.dataSource(), workerThreads), name);
    }
}
