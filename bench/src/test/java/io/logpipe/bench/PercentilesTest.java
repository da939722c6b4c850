package io.logpipe.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOfOneToHundred() {
        double[] sorted = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();

        assertThat(Percentiles.of(sorted, 50)).isEqualTo(50);
        assertThat(Percentiles.of(sorted, 99)).isEqualTo(99);
        assertThat(Percentiles.of(sorted, 99.9)).isEqualTo(100);
    }

    @Test
    void aSingleValueIsEveryPercentile() {
        assertThat(Percentiles.of(new double[] {7}, 1)).isEqualTo(7);
        assertThat(Percentiles.of(new double[] {7}, 99)).isEqualTo(7);
    }
}
