package io.logpipe.bootstrap.database;

import io.dropwizard.db.DataSourceFactory;

/**
 * A reachable PostgreSQL: how to connect, and what to close when logpipe is done with it.
 *
 * @param dataSource connection settings for Dropwizard's pool
 * @param server closes an embedded server this process started; does nothing otherwise
 */
public record Database(DataSourceFactory dataSource, AutoCloseable server) implements AutoCloseable {

    @Override
    public void close() throws Exception {
        server.close();
    }
}
