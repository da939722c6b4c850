package io.logpipe.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.Attributes;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogFilter;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.TimeRange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
