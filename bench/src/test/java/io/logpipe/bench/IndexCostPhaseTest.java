package io.logpipe.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IndexCostPhaseTest {
    // As PostgreSQL 15 prints the indexes of a partitioned table.
    private static final IndexCostPhase.SecondaryIndex SERVICE = new IndexCostPhase.SecondaryIndex(
            "log_entries_tenant_service_time_idx", "CREATE INDEX log_entries_tenant_service_time_idx ON ONLY"
            + " public.log_entries USING btree (tenant, service, \"timestamp\" DESC, id DESC)");
    private static final IndexCostPhase.SecondaryIndex TRACE = new IndexCostPhase.SecondaryIndex(
            "log_entries_trace_idx", "CREATE INDEX log_entries_trace_idx ON ONLY public.log_entries USING btree"
            + " (tenant, trace_id) WHERE (trace_id IS NOT NULL)");
    private static final IndexCostPhase.SecondaryIndex TEXT = new IndexCostPhase.SecondaryIndex(
            "log_entries_message_idx", "CREATE INDEX log_entries_message_idx ON ONLY public.log_entries USING gin"
            + " (to_tsvector('simple'::regconfig, message))");

    @Test
    void recreatesAnIndexOnTheScratchTableAndItsPartitionsNotOnlyTheParent() {
        assertThat(SERVICE.createOn("bench_index_cost", "bench_index_cost_1")).isEqualTo("CREATE INDEX"
                + " bench_index_cost_1 ON bench_index_cost USING btree (tenant, service, \"timestamp\" DESC, id DESC)");
    }

    @Test
    void keepsAPartialIndexsPredicateAndAUniqueIndexsUniqueness() {
        IndexCostPhase.SecondaryIndex unique = new IndexCostPhase.SecondaryIndex("u",
                "CREATE UNIQUE INDEX u ON ONLY public.log_entries USING btree (tenant, id, \"timestamp\")");

        assertThat(TRACE.createOn("t", "t_2")).isEqualTo(
                "CREATE INDEX t_2 ON t USING btree (tenant, trace_id) WHERE (trace_id IS NOT NULL)");
        assertThat(unique.createOn("t", "t_1")).startsWith("CREATE UNIQUE INDEX t_1 ON t USING btree");
        assertThat(TEXT.method()).isEqualTo("gin (to_tsvector('simple'::regconfig, message))");
    }

    @Test
    void measuresThePrimaryKeyAloneThenEachSecondaryIndexAloneThenAllThenThePrimaryKeyAgain() {
        List<IndexCostPhase.Variant> variants = IndexCostPhase.variants(List.of(SERVICE, TEXT, TRACE));

        assertThat(variants).extracting(IndexCostPhase.Variant::label).containsExactly("primary key only",
                "primary key + log_entries_tenant_service_time_idx", "primary key + log_entries_message_idx",
                "primary key + log_entries_trace_idx", "all 4 indexes", "primary key only, again");
        assertThat(variants.get(0).indexes()).isEmpty();
        assertThat(variants.get(2).indexes()).containsExactly(TEXT);
        assertThat(variants.get(4).indexes()).containsExactly(SERVICE, TEXT, TRACE);
        assertThat(variants.get(5).indexes()).isEmpty();
    }

    @Test
    void withOneSecondaryIndexAllIndexesIsNotMeasuredTwice() {
        assertThat(IndexCostPhase.variants(List.of(SERVICE))).extracting(IndexCostPhase.Variant::label)
                .containsExactly("primary key only", "primary key + log_entries_tenant_service_time_idx",
                        "primary key only, again");
    }

    @Test
    void comparesWithTheMeanOfBothPrimaryKeyOnlyRuns() {
        List<IndexCostPhase.Variant> variants = IndexCostPhase.variants(List.of(SERVICE));
        List<IndexCostPhase.Result> results = List.of(
                new IndexCostPhase.Result(variants.get(0), 100_000, 1, 1.0, 0, 0),
                new IndexCostPhase.Result(variants.get(1), 100_000, 1, 2.0, 0, 0),
                new IndexCostPhase.Result(variants.get(2), 100_000, 1, 0.5, 0, 0));

        assertThat(IndexCostPhase.primaryKeyOnlyRate(results)).isEqualTo(150_000);
    }
}
