package io.logpipe.bootstrap.worker;

import io.logpipe.domain.Histogram;
import io.logpipe.domain.HistogramQuery;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogPage;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.LogStore;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Tells of every batch the worker writes: while it is written, the batch's size and tenants are in the logging
 * context (fields {@code batch_entries} and {@code batch_tenants} in JSON logs), so a retry or circuit line logged
 * meanwhile says whose entries wait; once written, one DEBUG line with the counts.
 */
public final class BatchLogging implements LogStore {
    private static final Logger LOG = LoggerFactory.getLogger(BatchLogging.class);
    /** Logging-context keys of the batch being written. */
    public static final String ENTRIES = "batch_entries";
    public static final String TENANTS = "batch_tenants";

    private final LogStore store;

    public BatchLogging(LogStore store) {
        this.store = store;
    }

    @Override
    public int write(List<LogEntry> entries) {
        String tenants = tenants(entries);
        Map<String, String> outer = MDC.getCopyOfContextMap();
        MDC.put(ENTRIES, Integer.toString(entries.size()));
        MDC.put(TENANTS, tenants);
        try {
            long start = System.nanoTime();
            int stored = store.write(entries);
            LOG.debug("Wrote a batch of {} entries ({} new, {} already stored) for tenants {} in {} ms",
                    entries.size(), stored, entries.size() - stored, tenants, (System.nanoTime() - start) / 1_000_000);
            return stored;
        } finally {
            // A batch the drain splits is written again in halves, inside this call: put back what was there.
            if (outer == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(outer);
            }
        }
    }

    /** Each tenant with its count of entries, such as {@code acme=480,globex=20}. */
    private static String tenants(List<LogEntry> entries) {
        Map<String, Integer> counts = new TreeMap<>();
        for (LogEntry entry : entries) {
            counts.merge(entry.tenant(), 1, Integer::sum);
        }
        return counts.entrySet().stream()
                .map(count -> count.getKey() + "=" + count.getValue())
                .collect(Collectors.joining(","));
    }

    @Override
    public LogPage query(LogQuery query) {
        return store.query(query);
    }

    @Override
    public Histogram histogram(HistogramQuery query) {
        return store.histogram(query);
    }
}
