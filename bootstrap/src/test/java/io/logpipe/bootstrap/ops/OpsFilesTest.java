package io.logpipe.bootstrap.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpsFilesTest {

    @Test
    void readsEveryRuleExpressionAndCountsRecordedNamesAsExisting() throws Exception {
        assertThat(OpsFiles.metricsInAlertRules(sample("alerts.yml"))).isEqualTo(Map.of(
                "logpipe_circuit_open", Set.of(),
                "logpipe_entries_accepted_total", Set.of(),
                "logpipe_entries_written_total", Set.of(),
                "logpipe_ingest_entries_total", Set.of("outcome"),
                "logpipe_queue_backlog_entries", Set.of(),
                "up", Set.of("job")));
    }

    @Test
    void readsPanelsNestedPanelsAnnotationsAndQueryVariablesOfADashboard() throws Exception {
        assertThat(OpsFiles.metricsInDashboard(sample("logpipe.json"))).isEqualTo(Map.of(
                "logpipe_entries_accepted_total", Set.of("instance"),
                "logpipe_ingest_entries_total", Set.of("instance"),
                "logpipe_ingest_requests_total", Set.of("job", "status"),
                "logpipe_queue_backlog_entries", Set.of(),
                "logpipe_worker_restarts_total", Set.of("instance"),
                "logpipe_worker_write_seconds_bucket", Set.of("instance")));
    }

    @Test
    void readsTheMetricOfEachKindOfVariableQuery() {
        assertThat(OpsFiles.metricsInVariableQuery("label_values(logpipe_build_info, instance)"))
                .isEqualTo(Map.of("logpipe_build_info", Set.of("instance")));
        assertThat(OpsFiles.metricsInVariableQuery(
                "label_values(logpipe_db_pool_max_connections{pool=~\"a|b\"}, pool)"))
                .isEqualTo(Map.of("logpipe_db_pool_max_connections", Set.of("pool")));
        assertThat(OpsFiles.metricsInVariableQuery("query_result(topk(5, logpipe_queue_backlog_entries))"))
                .isEqualTo(Map.of("logpipe_queue_backlog_entries", Set.of()));
        assertThat(OpsFiles.metricsInVariableQuery("label_values(instance)")).isEmpty();
        assertThat(OpsFiles.metricsInVariableQuery("metrics(logpipe_.*)")).isEmpty();
        assertThat(OpsFiles.metricsInVariableQuery("label_names()")).isEmpty();
    }

    private static Path sample(String name) throws URISyntaxException {
        return Path.of(OpsFilesTest.class.getResource("/ops-samples/" + name).toURI());
    }
}
