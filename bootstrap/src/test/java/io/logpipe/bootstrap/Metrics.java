package io.logpipe.bootstrap;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.util.OptionalDouble;

/** Reads logpipe's own series from a running application's {@code /metrics}, or from such a scrape's text. */
public final class Metrics {

    private Metrics() {
    }

    /** The sum of every series of {@code name}, whatever its labels. */
    static double value(DropwizardAppExtension<?> app, String name) {
        return sum(scrape(app), name);
    }

    /** The value of the series of {@code name} with exactly {@code labels}, such as {@code outcome="accepted"}. */
    static double value(DropwizardAppExtension<?> app, String name, String labels) {
        return series(scrape(app), name, labels).orElse(0);
    }

    /** In the Prometheus text {@code scrape}, the sum of every series of {@code name}, whatever its labels. */
    public static double sum(String scrape, String name) {
        return scrape.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(Metrics::sampleValue)
                .sum();
    }

    /** In the Prometheus text {@code scrape}, the value of the series of {@code name} with exactly {@code labels}. */
    public static OptionalDouble series(String scrape, String name, String labels) {
        // The Prometheus Java client writes a comma after the last label.
        String withComma = name + "{" + labels + ",} ";
        String withoutComma = name + "{" + labels + "} ";
        return scrape.lines()
                .filter(line -> line.startsWith(withComma) || line.startsWith(withoutComma))
                .mapToDouble(Metrics::sampleValue)
                .findFirst();
    }

    private static double sampleValue(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    private static String scrape(DropwizardAppExtension<?> app) {
        return app.client().target("http://localhost:" + app.getAdminPort() + "/metrics").request().get(String.class);
    }
}
