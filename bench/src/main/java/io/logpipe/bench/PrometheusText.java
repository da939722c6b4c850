package io.logpipe.bench;

import java.util.HashMap;
import java.util.Map;

/** Reads the Prometheus text exposition format, as far as the harness needs it. */
final class PrometheusText {

    private PrometheusText() {
    }

    /** Every sample without labels, by metric name; comments and labelled samples are skipped. */
    static Map<String, Double> unlabelled(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#") || line.indexOf('{') >= 0) {
                continue;
            }
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 2) {
                try {
                    samples.put(parts[0], Double.parseDouble(parts[1]));
                } catch (NumberFormatException notANumber) {
                    // Not a sample line; the format allows nothing else, but a stray line must not end the run.
                }
            }
        }
        return samples;
    }
}
