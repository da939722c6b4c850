package io.logpipe.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL server the integration tests run against, set up once per test JVM.
 *
 * <p>When {@code LOGPIPE_TEST_DATABASE_URL} holds a JDBC URL, that database is used, with the user from
 * {@code LOGPIPE_TEST_DATABASE_USER} (default {@code postgres}) and the password from
 * {@code LOGPIPE_TEST_DATABASE_PASSWORD} (default empty). Otherwise an embedded PostgreSQL is started and stopped with
 * the JVM. Migrations are applied once, to the default schema.
 *
 * <p>The database may be shared and outlive the run, so tests never clean up the shared schema: each works under a
 * tenant of its own ({@link #newTenant()}). Tests that need an empty schema, such as one asserting that no API key
 * exists, take an {@link IsolatedSchema} and drop it when done.
 */
final class TestDatabase {
    private static final String URL_VARIABLE = "LOGPIPE_TEST_DATABASE_URL";
    private static final String USER_VARIABLE = "LOGPIPE_TEST_DATABASE_USER";
    private static final String PASSWORD_VARIABLE = "LOGPIPE_TEST_DATABASE_PASSWORD";

    private TestDatabase() {
    }

    /** Connections to the shared, migrated schema. */
    static Jdbi jdbi() {
        return Shared.JDBI;
    }

    /** A tenant no other test, in this run or an earlier one, has used. */
    static String newTenant() {
        return "it-" + UUID.randomUUID();
    }

    /** A new schema of its own, migrated; close it to drop it. */
    static IsolatedSchema isolatedSchema() {
        String name = "it_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
        Shared.JDBI.useHandle(handle -> handle.execute("CREATE SCHEMA " + name));
        DataSource dataSource = dataSource(Shared.SERVER, name);
        PostgresMigrations.apply(dataSource);
        return new IsolatedSchema(name, dataSource, Jdbi.create(dataSource));
    }

    /** Connections to a port nothing listens on. */
    static Jdbi unreachable() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL("jdbc:postgresql://127.0.0.1:1/logpipe");
        dataSource.setUser("postgres");
        dataSource.setConnectTimeout(2);
        return Jdbi.create(dataSource);
    }

    private static DataSource dataSource(Server server, String schema) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(server.url());
        dataSource.setUser(server.user());
        dataSource.setPassword(server.password());
        if (schema != null) {
            dataSource.setCurrentSchema(schema);
        }
        return dataSource;
    }

    /** Where to connect. */
    private record Server(String url, String user, String password) {

        static Server pick() {
            String url = System.getenv(URL_VARIABLE);
            if (url != null && !url.isBlank()) {
                return new Server(url, orDefault(System.getenv(USER_VARIABLE), "postgres"),
                        orDefault(System.getenv(PASSWORD_VARIABLE), ""));
            }
            return Embedded.SERVER;
        }

        private static String orDefault(String value, String fallback) {
            return value == null || value.isEmpty() ? fallback : value;
        }
    }

    /** Holder idiom: started on first use only, so a run against an external server never starts one. */
    private static final class Embedded {
        static final EmbeddedPostgres POSTGRES = start();
        static final Server SERVER = new Server(POSTGRES.getJdbcUrl("postgres", "postgres"), "postgres", "");

        private static EmbeddedPostgres start() {
            try {
                return EmbeddedPostgres.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
        }
    }

    private static final class Shared {
        static final Server SERVER = Server.pick();
        static final Jdbi JDBI = migrated(dataSource(SERVER, null));

        private static Jdbi migrated(DataSource dataSource) {
            PostgresMigrations.apply(dataSource);
            return Jdbi.create(dataSource);
        }
    }

    /** A migrated schema used by one test only. */
    record IsolatedSchema(String name, DataSource dataSource, Jdbi jdbi) implements AutoCloseable {
        @Override
        public void close() {
            Shared.JDBI.useHandle(handle -> handle.execute("DROP SCHEMA " + name + " CASCADE"));
        }
    }
}
