package io.logpipe.bootstrap.metrics;

import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheckRegistry;
import io.dropwizard.core.setup.Environment;
import io.logpipe.application.DrainQueue;
import io.logpipe.application.IngestOutcomes;
import io.logpipe.bootstrap.BuildInfo;
import io.logpipe.bootstrap.worker.DrainWorker;
import io.logpipe.domain.KeyVerdict;
import io.logpipe.domain.KeyVerifier;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.dropwizard.samplebuilder.CustomMappingSampleBuilder;
import io.prometheus.client.dropwizard.samplebuilder.MapperConfig;
import io.prometheus.client.hotspot.DefaultExports;
import io.prometheus.client.servlet.jakarta.exporter.MetricsServlet;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * logpipe's own Prometheus series, the JVM's and the process's (the Prometheus Java client's standard set), Jetty's
 * request threads, the connection pools and the health checks, served in the Prometheus text format on the admin port
 * at exactly {@code /metrics}. Each application instance has its own registry, so several can run in one JVM (as in
 * tests). docs/operations.md lists every series.
 */
public final class PipelineMetrics {
    private static final String LOG_EVENTS_PREFIX = "ch.qos.logback.core.Appender.";
    /** Dropwizard meters kept: logpipe's own (the query cache) and the log events by level. */
    private static final MetricFilter DROPWIZARD_KEPT = (name, metric) -> name.startsWith("logpipe_")
            || (name.startsWith(LOG_EVENTS_PREFIX) && !name.equals(LOG_EVENTS_PREFIX + "all"));

    private final CollectorRegistry registry = new CollectorRegistry();
    private final ConnectionPoolMetrics pools = new ConnectionPoolMetrics();
    private final JettyThreadMetrics jettyThreads = new JettyThreadMetrics();
    private final HttpRequestMetrics httpRequests = new HttpRequestMetrics(registry);
    private final Counter accepted = Counter.build()
            .name("logpipe_entries_accepted_total")
            .help("Log entries accepted by ingest and safely queued (answered 202).")
            .register(registry);
    private final Counter written = Counter.build()
            .name("logpipe_entries_written_total")
            .help("Log entries newly stored in PostgreSQL by the drain worker.")
            .register(registry);
    private final Counter redelivered = Counter.build()
            .name("logpipe_entries_already_stored_total")
            .help("Queued entries that PostgreSQL already held when written (redeliveries after a crash or retry).")
            .register(registry);

    private final Counter ingestEntries = Counter.build()
            .name("logpipe_ingest_entries_total")
            .help("Log entries in ingest requests, by what became of them: accepted, replayed (an idempotent retry), "
                    + "invalid, rate_limited, queue_full, queue_unavailable.")
            .labelNames("outcome")
            .register(registry);
    private final Counter ingestRequests = Counter.build()
            .name("logpipe_ingest_requests_total")
            .help("Ingest requests answered, by HTTP status.")
            .labelNames("status")
            .register(registry);

    private final Histogram batchEntries = Histogram.build()
            .name("logpipe_worker_batch_entries")
            .help("Entries per lease the drain worker moved, empty leases left out.")
            .buckets(1, 10, 50, 100, 250, 500, 1000, 2000, 5000, 10000)
            .register(registry);
    private final Histogram writeSeconds = Histogram.build()
            .name("logpipe_worker_write_seconds")
            .help("Time to write one batch into PostgreSQL, retries included.")
            .buckets(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
            .register(registry);
    private final Counter deadLettered = Counter.build()
            .name("logpipe_worker_dead_lettered_total")
            .help("Entries the store refused for good and the worker set aside as dead letters.")
            .register(registry);
    private final Counter workerCycles = Counter.build()
            .name("logpipe_worker_cycles_total")
            .help("Lease attempts by this process's drain threads, empty ones included: it stops moving when no "
                    + "worker consumes.")
            .register(registry);
    private final Counter workerRestarts = Counter.build()
            .name("logpipe_worker_restarts_total")
            .help("Times a drain worker loop died of an error (such as OutOfMemoryError) and was started again.")
            .register(registry);

    private final Counter keysRefused = Counter.build()
            .name("logpipe_auth_refused_total")
            .help("API keys refused (401), by reason: missing, malformed, unknown, wrong_secret, expired, revoked.")
            .labelNames("reason")
            .register(registry);

    public PipelineMetrics(MetricRegistry dropwizardMetrics, HealthCheckRegistry healthChecks, BuildInfo build) {
        DefaultExports.register(registry);
        registry.register(new DropwizardExports(dropwizardMetrics, DROPWIZARD_KEPT, new CustomMappingSampleBuilder(
                List.of(new MapperConfig(LOG_EVENTS_PREFIX + "*", "logpipe_log_events", Map.of("level", "${0}"))))));
        registry.register(pools);
        registry.register(jettyThreads);
        registry.register(new HealthCheckMetrics(healthChecks));
        Gauge.build().name("logpipe_build_info").help("The version and commit this process runs; always 1.")
                .labelNames("version", "commit").register(registry)
                .labels(build.version(), build.commit()).set(1);
        // Every outcome is there from the start, so a rate over it is defined before the first such request.
        for (IngestOutcomes.Outcome outcome : IngestOutcomes.Outcome.values()) {
            ingestEntries.labels(outcomeLabel(outcome));
        }
        for (KeyVerdict.Reason reason : KeyVerdict.Reason.values()) {
            keysRefused.labels(reason.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** {@code verifier}, with its refusals counted. */
    public KeyVerifier metered(KeyVerifier verifier) {
        return new MeteredKeyVerifier(verifier, keysRefused);
    }

    /**
     * Adds counters kept elsewhere: requests refused for an address's failed authentications, and denials the audit
     * trail did not record (of unknown keys, throttled, or lost to a failing store).
     */
    public void trackAuth(LongSupplier throttledAddresses, LongSupplier unrecordedDenials) {
        registry.register(new Collector() {
            @Override
            public List<MetricFamilySamples> collect() {
                return List.of(
                        new CounterMetricFamily("logpipe_auth_throttled",
                                "Requests answered 429 because their address presented too many refused keys.",
                                throttledAddresses.getAsLong()),
                        new CounterMetricFamily("logpipe_audit_denials_unrecorded",
                                "Refused requests counted but not written to the audit trail.",
                                unrecordedDenials.getAsLong()));
            }
        });
    }

    /** Counts ingest outcomes into {@code logpipe_ingest_entries_total}. */
    public IngestOutcomes ingestOutcomes() {
        return (outcome, entries) -> ingestEntries.labels(outcomeLabel(outcome)).inc(entries);
    }

    /** Counts one answered ingest request into {@code logpipe_ingest_requests_total}. */
    public void countIngestRequest(int status) {
        ingestRequests.labels(Integer.toString(status)).inc();
    }

    private static String outcomeLabel(IngestOutcomes.Outcome outcome) {
        return outcome.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Adds gauges of entries waiting in the queue, of how long the oldest of them has waited, and of what was set
     * aside as dead letters.
     */
    public void trackQueue(LongSupplier backlog, LongSupplier deadLetters, DoubleSupplier oldestEntryAgeSeconds) {
        gauge("logpipe_queue_backlog_entries", "Log entries accepted but not yet acknowledged as stored.",
                backlog::getAsLong);
        gauge("logpipe_dead_letter_entries",
                "Records set aside in the dead-letter stream: undecodable ones, and entries PostgreSQL refused.",
                deadLetters::getAsLong);
        gauge("logpipe_queue_oldest_pending_age_seconds",
                "How long the oldest entry not yet stored has waited in the queue, leased or not; 0 when empty.",
                oldestEntryAgeSeconds);
    }

    private void gauge(String name, String help, DoubleSupplier value) {
        // A failing source (Redis unreachable, a directory gone) reports no value rather than fail the whole scrape.
        Gauge.build().name(name).help(help).create()
                .setChild(new Gauge.Child() {
                    @Override
                    public double get() {
                        try {
                            return value.getAsDouble();
                        } catch (RuntimeException e) {
                            return Double.NaN;
                        }
                    }
                })
                .register(registry);
    }

    /**
     * Adds the worker's gauges and counters kept elsewhere: drain threads alive, entries held leased, write retries,
     * and whether the circuit to PostgreSQL is open.
     */
    public void trackWorker(LongSupplier liveThreads, LongSupplier heldEntries, LongSupplier retries,
            BooleanSupplier circuitOpen) {
        gauge("logpipe_worker_threads", "Drain threads alive in this process.", liveThreads::getAsLong);
        gauge("logpipe_queue_pending_entries",
                "Entries this process's workers hold leased and not yet acknowledged.", heldEntries::getAsLong);
        registry.register(new Collector() {
            @Override
            public List<MetricFamilySamples> collect() {
                return List.of(new CounterMetricFamily("logpipe_worker_retries",
                        "Writes to PostgreSQL tried again after a failure a retry may fix.", retries.getAsLong()));
            }
        });
        gauge("logpipe_circuit_open", "1 while writes to PostgreSQL are paused after failing, else 0.",
                () -> circuitOpen.getAsBoolean() ? 1 : 0);
    }

    /** What the drain worker tells of each cycle and restart. */
    public DrainWorker.DrainListener drainListener() {
        return new DrainWorker.DrainListener() {
            @Override
            public void drained(DrainQueue.Drained drained) {
                workerCycles.inc();
                if (drained.leased() > 0) {
                    batchEntries.observe(drained.leased());
                }
                deadLettered.inc(drained.deadLettered());
            }

            @Override
            public void restarted() {
                workerRestarts.inc();
            }
        };
    }

    /** Times one write of a batch. */
    public Histogram.Timer startWrite() {
        return writeSeconds.startTimer();
    }

    public void countAccepted(int entries) {
        accepted.inc(entries);
    }

    public void countWritten(int newlyStored, int alreadyStored) {
        written.inc(newlyStored);
        redelivered.inc(alreadyStored);
    }

    /** Serves {@code collector}'s series beside these, for a component that keeps its own (such as retention). */
    public void register(Collector collector) {
        registry.register(collector);
    }

    /**
     * Adds gauges of the space left on, and the size of, the filesystem that holds {@code dataDirectory}: the embedded
     * servers keep their data there.
     */
    public void trackDataDirectory(Path dataDirectory) {
        gauge("logpipe_data_filesystem_avail_bytes",
                "Bytes free to logpipe on the filesystem of the embedded data directory.",
                () -> space(dataDirectory, FileStore::getUsableSpace));
        gauge("logpipe_data_filesystem_size_bytes", "Size in bytes of the filesystem of the embedded data directory.",
                () -> space(dataDirectory, FileStore::getTotalSpace));
    }

    private interface SpaceReading {
        long read(FileStore store) throws IOException;
    }

    private static double space(Path path, SpaceReading reading) {
        try {
            return reading.read(Files.getFileStore(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the connection pools are reported. */
    public ConnectionPoolMetrics pools() {
        return pools;
    }

    /**
     * Serves the registry on {@code /metrics} (an exact mapping wins over Dropwizard's admin servlet on /*), times
     * every request to the application port, and finds Jetty's thread pools once the server has started.
     */
    public void serveOn(Environment environment) {
        // The _created series (a counter's start time) only double what a scraper already learns from resets.
        environment.admin()
                .addServlet("prometheus-metrics", new MetricsServlet(registry, name -> !name.endsWith("_created")))
                .addMapping("/metrics");
        environment.servlets().addFilter("request-metrics", httpRequests)
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        environment.lifecycle().addServerLifecycleListener(jettyThreads::serverStarted);
    }
}
