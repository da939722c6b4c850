package io.logpipe.bootstrap.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.logpipe.domain.EntryIds;
import io.logpipe.domain.HistogramQuery;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogPage;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.LogStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Batches written through the store circuit, as the worker writes them. */
class BatchLoggingTest {
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final StoreCircuit CIRCUIT = new StoreCircuit(Duration.ofSeconds(1));

    private final Logger logger = (Logger) LoggerFactory.getLogger(BatchLogging.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Level levelBefore;

    @BeforeEach
    void captureDebugLines() {
        levelBefore = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void restore() {
        logger.detachAppender(lines);
        logger.setLevel(levelBefore);
        MDC.clear();
    }

    @Test
    void aWrittenBatchGetsOneDebugLineWithItsCountsAndTenants() {
        LogStore batches = CIRCUIT.around(new RecordingStore(2));

        batches.write(List.of(entry("globex"), entry("acme"), entry("acme")));

        assertThat(lines.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(line.getFormattedMessage())
                    .startsWith("Wrote a batch of 3 entries (2 new, 1 already stored) for tenants acme=2,globex=1 in ");
            assertThat(line.getMDCPropertyMap()).containsEntry(BatchLogging.ENTRIES, "3")
                    .containsEntry(BatchLogging.TENANTS, "acme=2,globex=1");
        });
    }

    @Test
    void whileABatchIsWrittenItsSizeAndTenantsAreInTheLoggingContextAndAfterwardsTheOuterContextIsBack() {
        RecordingStore store = new RecordingStore(1);
        MDC.put("request", "outer");

        CIRCUIT.around(store).write(List.of(entry("acme")));

        assertThat(store.contextsSeen).singleElement().satisfies(context -> assertThat(context)
                .containsEntry(BatchLogging.ENTRIES, "1").containsEntry(BatchLogging.TENANTS, "acme=1")
                .containsEntry("request", "outer"));
        assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("request", "outer"));
    }

    @Test
    void aFailedWriteLeavesNoBatchInTheLoggingContext() {
        LogStore failing = CIRCUIT.around(new RecordingStore(-1));

        assertThatThrownBy(() -> failing.write(List.of(entry("acme")))).isInstanceOf(IllegalStateException.class);

        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
        assertThat(lines.list).isEmpty();
    }

    private static LogEntry entry(String tenant) {
        return new LogEntry(EntryIds.newId(NOW), tenant, NOW, NOW, "svc", io.logpipe.domain.Level.INFO, "m", null,
                null, null, null);
    }

    /** Answers every write with {@code newlyStored} (a negative number: fails for good), noting the logging context. */
    private static final class RecordingStore implements LogStore {
        private final int newlyStored;
        private final List<Map<String, String>> contextsSeen = new ArrayList<>();

        RecordingStore(int newlyStored) {
            this.newlyStored = newlyStored;
        }

        @Override
        public int write(List<LogEntry> entries) {
            contextsSeen.add(new HashMap<>(MDC.getCopyOfContextMap()));
            if (newlyStored < 0) {
                throw new IllegalStateException("store down");
            }
            return newlyStored;
        }

        @Override
        public LogPage query(LogQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public io.logpipe.domain.Histogram histogram(HistogramQuery query) {
            throw new UnsupportedOperationException();
        }
    }
}
