package io.logpipe.bootstrap;

import io.logpipe.bootstrap.database.Database;
import io.logpipe.bootstrap.database.DatabaseFactory;

/**
 * Opens the database for a one-shot command such as {@code db migrate}, whose framework code gives no place to close
 * it: an embedded server started here is stopped when the command's JVM exits; one already running is only attached
 * to and left running.
 */
final class DatabaseForCommands {

    private DatabaseForCommands() {
    }

    static Database open(DatabaseFactory factory) {
        try {
            Database database = factory.open();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    database.close();
                } catch (Exception e) {
                    System.err.println("could not stop the embedded database: " + e.getMessage());
                }
            }, "logpipe-database-closer"));
            return database;
        } catch (Exception e) {
            throw new IllegalStateException("cannot open the database (" + factory.describe() + "): "
                    + e.getMessage(), e);
        }
    }
}
