package io.logpipe.bootstrap.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The request thread pools of Jetty, named after the connector they serve ({@code application} or {@code admin}):
 * busy threads near the maximum and jobs queued mean requests wait before logpipe starts on them.
 */
public final class JettyThreadMetrics extends Collector {
    private volatile Map<QueuedThreadPool, String> pools = Map.of();

    /** Finds the pools of {@code server}'s connectors; a pool two connectors share is reported once. */
    public void serverStarted(Server server) {
        Map<QueuedThreadPool, String> found = new IdentityHashMap<>();
        for (Connector connector : server.getConnectors()) {
            if (connector.getExecutor() instanceof QueuedThreadPool pool) {
                found.putIfAbsent(pool, connector.getName());
            }
        }
        pools = found;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        List<String> pool = List.of("pool");
        GaugeMetricFamily current = new GaugeMetricFamily("jetty_threads_current",
                "Threads in a Jetty request pool, by the connector it serves.", pool);
        GaugeMetricFamily busy = new GaugeMetricFamily("jetty_threads_busy",
                "Threads of a Jetty request pool working on a request or connection.", pool);
        GaugeMetricFamily max = new GaugeMetricFamily("jetty_threads_max",
                "The most threads a Jetty request pool may start.", pool);
        GaugeMetricFamily queued = new GaugeMetricFamily("jetty_queued_jobs",
                "Jobs waiting for a free thread of a Jetty request pool.", pool);
        pools.forEach((threads, name) -> {
            List<String> label = List.of(name);
            current.addMetric(label, threads.getThreads());
            busy.addMetric(label, threads.getBusyThreads());
            max.addMetric(label, threads.getMaxThreads());
            queued.addMetric(label, threads.getQueueSize());
        });
        return List.of(current, busy, max, queued);
    }
}
