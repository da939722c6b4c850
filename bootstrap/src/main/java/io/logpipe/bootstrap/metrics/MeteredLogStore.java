package io.logpipe.bootstrap.metrics;

import io.logpipe.domain.HistogramQuery;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogPage;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.LogStore;
import io.prometheus.client.Histogram;
import java.util.List;

/** Times each write, and counts entries newly written and those the store already held once a write has committed. */
public final class MeteredLogStore implements LogStore {
    private final LogStore store;
    private final PipelineMetrics metrics;

    public MeteredLogStore(LogStore store, PipelineMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    @Override
    public int write(List<LogEntry> entries) {
        int stored;
        try (Histogram.Timer timer = metrics.startWrite()) {
            stored = store.write(entries);
        }
        metrics.countWritten(stored, entries.size() - stored);
        return stored;
    }

    @Override
    public LogPage query(LogQuery query) {
        return store.query(query);
    }

    @Override
    public io.logpipe.domain.Histogram histogram(HistogramQuery query) {
        return store.histogram(query);
    }
}
