package io.logpipe.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class QueryAnswerTest {

    @Test
    void readsAPagesEntriesAndNextCursor() throws IOException {
        QueryAnswer page = QueryAnswer.page("""
                {"entries":[{"id":"a","message":"x"},{"id":"b","message":"y"}],"next_cursor":"abc"}""");

        assertThat(page.entries()).isEqualTo(2);
        assertThat(page.nextCursor()).isEqualTo("abc");
    }

    @Test
    void aLastPageHasNoNextCursor() throws IOException {
        assertThat(QueryAnswer.page("{\"entries\":[],\"next_cursor\":null}").nextCursor()).isNull();
    }

    @Test
    void readsAHistogramsTotalAndBuckets() throws IOException {
        QueryAnswer histogram = QueryAnswer.histogram("""
                {"interval":"1m","total":7,"buckets":[{"start":"2026-01-05T00:00:00Z","count":3},
                 {"start":"2026-01-05T00:01:00Z","count":0},{"start":"2026-01-05T00:02:00Z","count":4}]}""");

        assertThat(histogram.total()).isEqualTo(7);
        assertThat(histogram.buckets()).isEqualTo(3);
    }

    @Test
    void refusesAHistogramWhoseBucketsDoNotAddUpToItsTotal() {
        assertThatThrownBy(() -> QueryAnswer.histogram("""
                {"interval":"1m","total":8,"buckets":[{"start":"2026-01-05T00:00:00Z","count":3}]}"""))
                .isInstanceOf(IOException.class).hasMessageContaining("add up to 3, not its total 8");
    }

    @Test
    void refusesAnAnswerOfAnotherShape() {
        assertThatThrownBy(() -> QueryAnswer.page("{\"buckets\":[]}")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> QueryAnswer.histogram("{\"entries\":[]}")).isInstanceOf(IOException.class);
    }

    @Test
    void describesTheMeanOfPagesAndOfHistograms() {
        QueryAnswer.Mean pages = new QueryAnswer.Mean(QueryShapes.Kind.SEARCH);
        pages.add(new QueryAnswer(100, "c", 0, 0));
        pages.add(new QueryAnswer(50, null, 0, 0));
        QueryAnswer.Mean histograms = new QueryAnswer.Mean(QueryShapes.Kind.HISTOGRAM);
        histograms.add(new QueryAnswer(0, null, 2_000_000, 1440));

        assertThat(pages.describe()).isEqualTo("75 entries a page");
        assertThat(histograms.describe()).isEqualTo("2,000,000 entries counted in 1,440 buckets");
        assertThat(new QueryAnswer.Mean(QueryShapes.Kind.SEARCH).describe()).isEqualTo("no answer");
    }
}
