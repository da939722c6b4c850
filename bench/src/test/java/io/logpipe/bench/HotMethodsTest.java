package io.logpipe.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HotMethodsTest {

    @Test
    void threadsAreGroupedByPoolWithoutNumbersOrRequestNames() {
        assertThat(HotMethods.pool("dw-123 - POST /ingest/")).isEqualTo("dw-N");
        assertThat(HotMethods.pool("drain-worker-0")).isEqualTo("drain-worker-N");
        assertThat(HotMethods.pool("dw-admin-45")).isEqualTo("dw-admin-N");
        assertThat(HotMethods.pool(null)).isEqualTo("(unnamed)");
    }
}
