package io.logpipe.bootstrap;

import io.dropwizard.testing.junit5.DropwizardAppExtension;

/** Reads logpipe's own series from a running application's {@code /metrics}. */
final class Metrics {

    private Metrics() {
    }

    /** The sum of every series of {@code name}, whatever its labels. */
    static double value(DropwizardAppExtension<?> app, String name) {
        String text = app.client().target("http://localhost:" + app.getAdminPort() + "/metrics")
                .request().get(String.class);
        return text.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** The value of the series of {@code name} with exactly {@code labels}, such as {@code outcome="accepted"}. */
    static double value(DropwizardAppExtension<?> app, String name, String labels) {
        String text = app.client().target("http://localhost:" + app.getAdminPort() + "/metrics")
                .request().get(String.class);
        String prefix = name + "{" + labels + ",}";
        String prefixWithoutComma = name + "{" + labels + "}";
        return text.lines()
                .filter(line -> line.startsWith(prefix + " ") || line.startsWith(prefixWithoutComma + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(0);
    }
}
