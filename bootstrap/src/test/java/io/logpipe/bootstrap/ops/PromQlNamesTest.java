package io.logpipe.bootstrap.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlNamesTest {

    @Test
    void findsTheMetricInsideAnAggregationWithItsMatcherLabelsButNotTheGroupingLabels() {
        assertThat(PromQlNames.in(
                "sum by (outcome) (rate(logpipe_ingest_entries_total{instance=~\"$instance\"}[$__rate_interval]))"))
                .isEqualTo(Map.of("logpipe_ingest_entries_total", Set.of("instance")));
    }

    @Test
    void findsTheBucketSeriesOfAHistogramQuantile() {
        assertThat(PromQlNames.in("histogram_quantile(0.95, sum by (le, endpoint) "
                + "(rate(logpipe_http_request_duration_seconds_bucket[5m])))"))
                .isEqualTo(Map.of("logpipe_http_request_duration_seconds_bucket", Set.of()));
    }

    @Test
    void findsAMetricUsedTwiceAcrossASetOperatorAndASubqueryOnce() {
        assertThat(PromQlNames.in("max(logpipe_queue_backlog_entries) > 1000 "
                + "and deriv(max(logpipe_queue_backlog_entries)[10m:1m]) > 0"))
                .isEqualTo(Map.of("logpipe_queue_backlog_entries", Set.of()));
    }

    @Test
    void findsTheMetricWhoseAbsenceIsTested() {
        assertThat(PromQlNames.in("absent(logpipe_worker_cycles_total)"))
                .isEqualTo(Map.of("logpipe_worker_cycles_total", Set.of()));
    }

    @Test
    void findsABareSelectorCompared() {
        assertThat(PromQlNames.in("up{job=\"logpipe\"} == 0")).isEqualTo(Map.of("up", Set.of("job")));
    }

    @Test
    void skipsTheLabelListsOfVectorMatching() {
        assertThat(PromQlNames.in("sum(rate(logpipe_entries_written_total[5m])) by (instance) "
                + "/ on (instance) group_left(version, commit) logpipe_build_info"))
                .isEqualTo(Map.of("logpipe_entries_written_total", Set.of(), "logpipe_build_info", Set.of()));
        assertThat(PromQlNames.in("logpipe_queue_pending_entries * ignoring(pool) group_right logpipe_worker_threads"))
                .isEqualTo(Map.of("logpipe_queue_pending_entries", Set.of(), "logpipe_worker_threads", Set.of()));
    }

    @Test
    void takesNoNameFromStringLiteralsOfAnyQuoting() {
        assertThat(PromQlNames.in("label_replace(up, \"host\", \"$1\", 'instance', `(not_a_metric):.*`)"))
                .isEqualTo(Map.of("up", Set.of()));
        assertThat(PromQlNames.in("count_values(\"version\", logpipe_build_info{version!=\"a \\\" b\"})"))
                .isEqualTo(Map.of("logpipe_build_info", Set.of("version")));
    }

    @Test
    void takesNoNameFromGrafanaVariablesInAnyOfTheirForms() {
        assertThat(PromQlNames.in("rate(logpipe_entries_written_total{instance=~\"${instance:regex}\"}[$__interval])"
                + " * $scale / ${divisor} + [[legacy_variable]]"))
                .isEqualTo(Map.of("logpipe_entries_written_total", Set.of("instance")));
    }

    @Test
    void takesNoNameFromNumbersDurationsOrModifiers() {
        assertThat(PromQlNames.in("logpipe_worker_retries_total offset 1h30m > 1e-3 "
                + "unless logpipe_worker_restarts_total @ 1609746000 < 0x1F or on() vector(Inf) > bool NaN"))
                .isEqualTo(Map.of("logpipe_worker_retries_total", Set.of(), "logpipe_worker_restarts_total", Set.of()));
    }

    @Test
    void readsKeywordsWhateverTheirCase() {
        assertThat(PromQlNames.in(
                "SUM BY (le) (logpipe_worker_batch_entries_bucket) AND TOPK(3, logpipe_circuit_open)"))
                .isEqualTo(Map.of("logpipe_worker_batch_entries_bucket", Set.of(), "logpipe_circuit_open", Set.of()));
    }

    @Test
    void keepsEveryMatcherLabelOfEachMetricApart() {
        assertThat(PromQlNames.in("logpipe_health_check_healthy{check!=\"worker\", job=~\"logpipe|other\"} < 1 "
                + "or quantile(0.9, logpipe_db_pool_active_connections{pool=\"postgres\"})"))
                .isEqualTo(Map.of("logpipe_health_check_healthy", Set.of("check", "job"),
                        "logpipe_db_pool_active_connections", Set.of("pool")));
    }

    @Test
    void findsRecordedNamesWithColons() {
        assertThat(PromQlNames.in("job:logpipe_entries_written:rate5m > 0"))
                .isEqualTo(Map.of("job:logpipe_entries_written:rate5m", Set.of()));
    }

    @Test
    void ignoresCommentsAndASelectorWithoutAName() {
        assertThat(PromQlNames.in("# mentions not_a_metric\ncount({job=\"logpipe\"}) > 0 and time() - "
                + "process_start_time_seconds > 60"))
                .isEqualTo(Map.of("process_start_time_seconds", Set.of()));
    }

    @Test
    void yieldsNothingForAnEmptyOrUnterminatedExpression() {
        assertThat(PromQlNames.in("")).isEmpty();
        assertThat(PromQlNames.in("rate(logpipe_entries_written_total{instance=\"unterminated")).isEqualTo(
                Map.of("logpipe_entries_written_total", Set.of("instance")));
    }
}
