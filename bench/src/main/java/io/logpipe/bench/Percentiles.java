package io.logpipe.bench;

/** Nearest-rank percentiles. */
final class Percentiles {

    private Percentiles() {
    }

    /**
     * @param sorted values in ascending order, at least one
     * @param percentile between 0 (exclusive) and 100
     * @return the smallest value that at least {@code percentile}% of the values do not exceed
     */
    static double of(double[] sorted, double percentile) {
        int rank = (int) Math.ceil(percentile / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
