package io.logpipe.bootstrap.metrics;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.core.setup.Environment;
import io.logpipe.application.DrainQueue;
import io.logpipe.application.IngestOutcomes;
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
import io.prometheus.client.servlet.jakarta.exporter.MetricsServlet;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * logpipe's own Prometheus series plus everything Dropwizard measures (JVM, Jetty, Jersey), served in the Prometheus
 * text format on the admin port at exactly {@code /metrics}. Each application instance has its own registry, so
 * several can run in one JVM (as in tests).
 */
public final class PipelineMetrics {
    private final CollectorRegistry registry = new CollectorRegistry();
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
    private final Counter workerRestarts = Counter.build()
            .name("logpipe_worker_restarts_total")
            .help("Times a drain worker loop died of an error (such as OutOfMemoryError) and was started again.")
            .register(registry);

    private final Counter keysRefused = Counter.build()
            .name("logpipe_auth_refused_total")
            .help("API keys refused (401), by reason: missing, malformed, unknown, wrong_secret, expired, revoked.")
            .labelNames("reason")
            .register(registry);

    public PipelineMetrics(MetricRegistry dropwizardMetrics) {
        registry.register(new DropwizardExports(dropwizardMetrics));
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
        Gauge.build().name(name).help(help).create()
                .setChild(new Gauge.Child() {
                    @Override
                    public double get() {
                        try {
                            return value.getAsDouble();
                        } catch (RuntimeException e) {
                            // Redis is unreachable: report no value rather than fail the whole scrape.
                            return Double.NaN;
                        }
                    }
                })
                .register(registry);
    }

    /**
     * Adds the worker's gauges and counters kept elsewhere: entries held leased, write retries, and whether the
     * circuit to PostgreSQL is open.
     */
    public void trackWorker(LongSupplier heldEntries, LongSupplier retries, BooleanSupplier circuitOpen) {
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

    /** Serves the registry on {@code /metrics}; an exact mapping wins over Dropwizard's admin servlet on /*. */
    public void serveOn(Environment environment) {
        environment.admin()
                .addServlet("prometheus-metrics", new MetricsServlet(registry))
                .addMapping("/metrics");
    }
}
