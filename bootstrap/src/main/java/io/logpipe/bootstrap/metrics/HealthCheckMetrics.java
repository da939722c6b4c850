package io.logpipe.bootstrap.metrics;

import com.codahale.metrics.health.HealthCheckRegistry;
import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.List;

/**
 * Every registered health check as {@code logpipe_health_check_healthy{check}}, run when scraped, so an alert sees
 * the same verdict as {@code /healthcheck}. Each check bounds its own time (the database checks by their validation
 * timeout, Redis by its socket timeout).
 */
final class HealthCheckMetrics extends Collector {
    private final HealthCheckRegistry checks;

    HealthCheckMetrics(HealthCheckRegistry checks) {
        this.checks = checks;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        GaugeMetricFamily healthy = new GaugeMetricFamily("logpipe_health_check_healthy",
                "1 while a health check passes, 0 while it fails; run at each scrape.", List.of("check"));
        checks.runHealthChecks().forEach((name, result) ->
                healthy.addMetric(List.of(name), result.isHealthy() ? 1 : 0));
        return List.of(healthy);
    }
}
