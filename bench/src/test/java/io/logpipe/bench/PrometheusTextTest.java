package io.logpipe.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void keepsUnlabelledSamplesAndSkipsCommentsAndLabels() {
        Map<String, Double> samples = PrometheusText.unlabelled("""
                # HELP logpipe_entries_accepted_total Entries answered with 202.
                # TYPE logpipe_entries_accepted_total counter
                logpipe_entries_accepted_total 1234.0
                logpipe_queue_backlog_entries 5.0E3
                jvm_memory_bytes_used{area="heap",} 1.0
                """);

        assertThat(samples).containsOnly(
                Map.entry("logpipe_entries_accepted_total", 1234.0),
                Map.entry("logpipe_queue_backlog_entries", 5000.0));
    }
}
