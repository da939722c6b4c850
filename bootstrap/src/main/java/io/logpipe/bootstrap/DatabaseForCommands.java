package io.logpipe.bootstrap;

import io.logpipe.bootstrap.database.Database;
import io.logpipe.bootstrap.database.DatabaseFactory;

/**
 * Opens the database for a one-shot command such as {@code db migrate}. An embedded server started here stops when
 * the command's JVM exits (the embedded server registers a shutdown hook); one already running is only attached to.
 */
final class DatabaseForCommands {

    private DatabaseForCommands() {
    }

    static Database open(DatabaseFactory factory) {
        try {
            return factory.open();
        } catch (Exception e) {
            throw new IllegalStateException("cannot open the database (" + factory.describe() + "): "
                    + e.getMessage(), e);
        }
    }
}
