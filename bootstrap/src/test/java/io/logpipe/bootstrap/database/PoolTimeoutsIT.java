package io.logpipe.bootstrap.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jackson.Jackson;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The pool's statement timeout reaches every connection: PostgreSQL cancels a statement that runs longer. */
class PoolTimeoutsIT {
    private static final String URL = System.getenv("LOGPIPE_TEST_DATABASE_URL");
    private static final String USER = System.getenv().getOrDefault("LOGPIPE_TEST_DATABASE_USER", "postgres");

    @Test
    void cancelsAStatementThatRunsLongerThanTheStatementTimeout() throws Exception {
        assumeTrue(URL != null, "needs a PostgreSQL: set LOGPIPE_TEST_DATABASE_URL");
        PoolFactory pool = Jackson.newObjectMapper().readValue(
                "{\"statementTimeout\": \"1s\", \"socketTimeout\": \"10s\", \"minSize\": 0}", PoolFactory.class);
        ManagedDataSource dataSource = pool.dataSource(URL, USER, System.getenv("LOGPIPE_TEST_DATABASE_PASSWORD"))
                .build(new MetricRegistry(), "timeouts-test");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            try (ResultSet shown = statement.executeQuery("SHOW statement_timeout")) {
                shown.next();
                assertThat(shown.getString(1)).isEqualTo("1s");
            }

            assertThatThrownBy(() -> statement.execute("SELECT pg_sleep(3)"))
                    .isInstanceOfSatisfying(SQLException.class,
                            cancelled -> assertThat(cancelled.getSQLState()).isEqualTo("57014"));
        } finally {
            dataSource.stop();
        }
    }
}
