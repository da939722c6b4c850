package io.logpipe.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.Attributes;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogFilter;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.Role;
import io.logpipe.domain.StoredApiKey;
import io.logpipe.domain.TimeRange;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import liquibase.Scope;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.command.CommandScope;
import liquibase.command.core.RollbackCountCommandStep;
import liquibase.command.core.helpers.DatabaseChangelogCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

class PostgresMigrationsIT {
    private static final Instant NOON = Instant.parse("2031-05-01T12:00:00Z");

    @Test
    void appliesTheChangelogAgainWithoutChangingAnything() {
        try (TestDatabase.IsolatedSchema schema = TestDatabase.isolatedSchema()) {
            PostgresLogStore store = new PostgresLogStore(schema.jdbi());
            LogEntry entry = entry(TestDatabase.newTenant());
            store.write(List.of(entry));
            List<String> appliedBefore = appliedChangeSets(schema.jdbi());

            PostgresMigrations.apply(schema.dataSource());

            assertThat(appliedChangeSets(schema.jdbi())).isEqualTo(appliedBefore).isNotEmpty();
            LogFilter aroundNoon = LogFilter.of(entry.tenant(),
                    TimeRange.between(NOON.minusSeconds(1), NOON.plusSeconds(1)));
            assertThat(store.query(LogQuery.newest(aroundNoon)).entries()).containsExactly(entry);
        }
    }

    @Test
    void partitionsLogEntriesByRangeWithoutADefaultPartition() {
        try (TestDatabase.IsolatedSchema schema = TestDatabase.isolatedSchema()) {
            new PostgresLogStore(schema.jdbi()).write(List.of(entry(TestDatabase.newTenant())));

            Map<String, Object> partitioning = schema.jdbi().withHandle(handle -> handle.createQuery("""
                            SELECT partstrat::text AS strategy, partdefid::bigint AS default_partition
                            FROM pg_partitioned_table
                            WHERE partrelid = 'log_entries'::regclass
                            """)
                    .mapToMap()
                    .one());
            assertThat(partitioning).containsEntry("strategy", "r").containsEntry("default_partition", 0L);
        }
    }

    @Test
    void rejectsALevelOutsideTheSixLowerCaseNames() {
        String tenant = TestDatabase.newTenant();
        new PostgresLogStore(TestDatabase.jdbi()).write(List.of(entry(tenant)));

        assertThatThrownBy(() -> TestDatabase.jdbi().useHandle(handle -> handle.createUpdate("""
                        INSERT INTO log_entries (tenant, id, timestamp, received_at, service, level, message)
                        VALUES (:tenant, gen_random_uuid(), '2031-05-01 12:00:00+00', now(), 'api', 'WARN', '')
                        """)
                .bind("tenant", tenant)
                .execute()))
                .hasMessageContaining("log_entries_level_check");
    }

    @Test
    void keepsAKeyMadeBeforeTheKeyLifecycleWorkingAcrossARollbackAndUpgrade() throws Exception {
        try (TestDatabase.IsolatedSchema schema = TestDatabase.isolatedSchema()) {
            rollBackLastChangeSet(schema.dataSource());
            assertThat(exists(schema.jdbi(), "audit_events")).isFalse();
            String tenant = TestDatabase.newTenant();
            schema.jdbi().useHandle(handle -> handle.execute("""
                    INSERT INTO api_keys (key_id, tenant, roles, secret_hash, created_at)
                    VALUES ('k-before', ?, '{ingest}', '\\x0102', '2031-05-01 08:00:00+00')
                    """, tenant));

            PostgresMigrations.apply(schema.dataSource());

            StoredApiKey key = new PostgresApiKeyStore(schema.jdbi()).find("k-before").orElseThrow();
            assertThat(key.tenant()).isEqualTo(tenant);
            assertThat(key.roles()).containsExactly(Role.INGEST);
            assertThat(key.secretHash()).containsExactly(1, 2);
            assertThat(key.description()).isEmpty();
            assertThat(key.pepperVersion()).isEqualTo(1);
            assertThat(key.isActiveAt(NOON)).isTrue();
            assertThat(key.lastUsedAt()).isNull();
            assertThat(exists(schema.jdbi(), "audit_events")).isTrue();
        }
    }

    /** Rolls back change set 5 with its own rollback, as {@code db rollback-count 1} would. */
    private static void rollBackLastChangeSet(DataSource dataSource) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            Map<String, Object> scope = Map.of(
                    Scope.Attr.resourceAccessor.name(),
                    new ClassLoaderResourceAccessor(PostgresMigrations.class.getClassLoader()),
                    AnalyticsArgs.ENABLED.getKey(), Boolean.FALSE);
            Scope.child(scope, () -> new CommandScope(RollbackCountCommandStep.COMMAND_NAME)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                    .addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_FILE_ARG, PostgresMigrations.CHANGELOG)
                    .addArgumentValue(RollbackCountCommandStep.COUNT_ARG, 1)
                    .execute());
        }
    }

    private static boolean exists(Jdbi jdbi, String table) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT to_regclass(:table) IS NOT NULL")
                .bind("table", table).mapTo(Boolean.class).one());
    }

    private static List<String> appliedChangeSets(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle
                .createQuery("SELECT id || ':' || md5sum FROM databasechangelog ORDER BY orderexecuted")
                .mapTo(String.class)
                .list());
    }

    private static LogEntry entry(String tenant) {
        return new LogEntry(UUID.randomUUID(), tenant, NOON, NOON, "api", Level.INFO, "hello", Attributes.none(), null,
                null, null);
    }
}
