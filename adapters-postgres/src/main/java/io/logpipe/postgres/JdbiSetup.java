package io.logpipe.postgres;

import java.time.OffsetDateTime;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;

/**
 * Adds what the PostgreSQL adapters need to a {@link Jdbi} that may be shared with the rest of the server.
 *
 * <p>{@link PostgresPlugin} makes JDBI bind {@code java.time} values with {@code setObject}; without it JDBI core
 * would convert them through {@code java.sql.Timestamp}. It is a singleton plugin, so installing it again (each
 * adapter does, and the server may have too) is a no-op, and it does not clash with the {@code SqlObjectPlugin} that
 * Dropwizard's {@code JdbiFactory} installs. The array type lets a whole batch of timestamps bind as one
 * {@code timestamptz[]}.
 *
 * <p>The plugin is installed without its unqualified hstore bindings, which would otherwise bind every
 * {@code Map<String, String>} on this shared instance as an hstore; nothing here uses hstore.
 */
final class JdbiSetup {
    private JdbiSetup() {
    }

    static Jdbi configure(Jdbi jdbi) {
        jdbi.installPlugin(PostgresPlugin.noUnqualifiedHstoreBindings());
        jdbi.registerArrayType(OffsetDateTime.class, "timestamptz");
        return jdbi;
    }
}
