package io.logpipe.bootstrap.database;

import io.dropwizard.db.ManagedDataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * The database for a one-shot command, such as {@code keys create}: opened (attached to a running embedded server, or
 * one started for the command) and migrated while {@code migrateOnStart} is set; closing it closes its connections and
 * stops a server the command started.
 */
public final class CommandDatabase implements AutoCloseable {
    private final Database database;
    private final ManagedDataSource dataSource;
    private final Jdbi jdbi;

    CommandDatabase(Database database, ManagedDataSource dataSource) {
        this.database = database;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void close() throws Exception {
        try {
            dataSource.stop();
        } finally {
            database.close();
        }
    }
}
