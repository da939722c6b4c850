package io.logpipe.bootstrap.worker;

import io.logpipe.domain.LogEntry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Tells of one batch the worker writes. While it is open, the batch's size and tenants are in the logging context
 * (fields {@code batch_entries} and {@code batch_tenants} in JSON logs), so a retry or circuit line logged meanwhile
 * says whose entries wait; {@link #written} logs one DEBUG line with the counts. Closing it takes the fields out again.
 */
final class BatchLogging implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchLogging.class);
    static final String ENTRIES = "batch_entries";
    static final String TENANTS = "batch_tenants";

    private final int size;
    private final String tenants;
    private final long start = System.nanoTime();
    private final MDC.MDCCloseable entriesField;
    private final MDC.MDCCloseable tenantsField;

    private BatchLogging(List<LogEntry> entries) {
        this.size = entries.size();
        this.tenants = tenants(entries);
        this.entriesField = MDC.putCloseable(ENTRIES, Integer.toString(size));
        this.tenantsField = MDC.putCloseable(TENANTS, tenants);
    }

    /** Puts the batch of {@code entries} into the logging context until closed. */
    static BatchLogging of(List<LogEntry> entries) {
        return new BatchLogging(entries);
    }

    /** The batch is written, {@code newlyStored} of its entries new to the store. */
    void written(int newlyStored) {
        LOG.debug("Wrote a batch of {} entries ({} new, {} already stored) for tenants {} in {} ms", size,
                newlyStored, size - newlyStored, tenants, (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public void close() {
        entriesField.close();
        tenantsField.close();
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
}
