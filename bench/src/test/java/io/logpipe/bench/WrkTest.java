package io.logpipe.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WrkTest {

    @Test
    void readsTheResultLineAfterWrksOwnOutput() throws Exception {
        String output = """
                WRK_THREAD_READY
                Running 15s test @ http://127.0.0.1:18080
                  2 threads and 4 connections
                WRK_RESULT {"duration_us": 15000000, "requests": 300, "socket_errors": 1, "statuses": {"202": 297, \
                "503": 3}, "latency_us": {"p50": 2100, "p99": 9800, "p999": 15000, "max": 21000}}
                """;

        Wrk.Result result = Wrk.parse(output, 0, 5L);

        assertThat(result.duration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(result.requests()).isEqualTo(300);
        assertThat(result.answeredWith(202)).isEqualTo(297);
        assertThat(result.failures()).isEqualTo(4);
        assertThat(result.latency()).isEqualTo(new Wrk.Latency(2100, 9800, 15000, 21000));
        assertThat(result.startNanos()).isEqualTo(5L);
    }

    @Test
    void failsWithWrksOutputWhenThereIsNoResult() {
        assertThatThrownBy(() -> Wrk.parse("unable to connect to 127.0.0.1:18080 Connection refused", 1, 0))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Connection refused");
    }
}
