package io.logpipe.postgres;

import io.logpipe.domain.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import liquibase.Scope;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.DatabaseException;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * Brings a database to the schema the PostgreSQL adapters expect by applying {@link #CHANGELOG} with Liquibase.
 *
 * <p>Change sets already applied are skipped, so running this on every start is safe, and Liquibase's lock table
 * keeps two servers starting at once from applying the same change set twice. Thread-safe.
 */
public final class PostgresMigrations {

    /**
     * Classpath location of the changelog. Anything else that runs Liquibase on this schema, such as the
     * {@code db migrate} command, must use this path.
     */
    public static final String CHANGELOG = "io/logpipe/postgres/changelog.xml";

    private PostgresMigrations() {
    }

    /**
     * Applies every pending change set in the schema that the data source's connections use by default.
     *
     * @param dataSource where to migrate; one connection is borrowed and closed again
     * @throws StoreUnavailableException if no connection can be opened
     * @throws IllegalStateException if Liquibase cannot apply the changelog; the failed change set is rolled back
     */
    public static void apply(DataSource dataSource) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot connect to PostgreSQL to apply migrations", e);
        }
        Database database = null;
        try {
            database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
            update(database);
        } catch (Exception e) {
            throw new IllegalStateException("applying " + CHANGELOG + " failed", e);
        } finally {
            closeQuietly(database, connection);
        }
    }

    private static void update(Database database) throws Exception {
        // The changelog ships inside this module's jar, so it is looked up through this class's loader, which also
        // works inside a shaded jar. Liquibase's usage analytics are switched off: a server should not call out to a
        // third party, or wait for it to time out, every time it starts.
        Map<String, Object> scope = Map.of(
                Scope.Attr.resourceAccessor.name(),
                new ClassLoaderResourceAccessor(PostgresMigrations.class.getClassLoader()),
                AnalyticsArgs.ENABLED.getKey(), Boolean.FALSE);
        Scope.child(scope, () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
                .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                .execute());
    }

    private static void closeQuietly(Database database, Connection connection) {
        try {
            if (database != null) {
                // Restores the connection's auto-commit mode before closing it, which matters for pooled connections.
                database.close();
            } else {
                connection.close();
            }
        } catch (DatabaseException | SQLException e) {
            // The migration outcome is already decided; a failed close must not replace it.
        }
    }
}
