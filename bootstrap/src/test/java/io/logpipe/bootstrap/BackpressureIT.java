package io.logpipe.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.logpipe.bootstrap.IngestClient.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Backpressure through HTTP: an API process whose queue may hold 5 entries answers 503 with Retry-After once it is
 * full and queues nothing, then 202 again once a worker process sharing the queue has drained it.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class BackpressureIT {
    private static final Path DATA = TestDirectories.createDeletedOnExit("logpipe-backpressure-");
    private static final String QUEUE = UUID.randomUUID().toString();
    private static final Path API_CONFIG = TestConfig.write(DATA, "api", QUEUE, "  maxQueuedEntries: 5");
    private static final DropwizardAppExtension<LogpipeConfiguration> API =
            new DropwizardAppExtension<>(LogpipeApplication.class, API_CONFIG.toString());
    private static final String FIVE_ENTRIES = "[" + String.join(",", java.util.Collections.nCopies(5,
            "{\"service\": \"s\", \"message\": \"m\"}")) + "]";

    @Test
    void answers503OnceTheQueueIsFullAnd202AgainOnceTheWorkersDrainedIt() throws Exception {
        IngestClient client = new IngestClient(API.getLocalPort(), KeysCli.createKey(API_CONFIG, "pressed", "ingest"));
        assertThat(client.postJson(FIVE_ENTRIES).status()).isEqualTo(202);

        Answer full = client.postJson("{\"service\": \"s\", \"message\": \"one more\"}");

        assertThat(full.status()).isEqualTo(503);
        assertThat(full.retryAfter()).isNotBlank();
        assertThat(full.json().get("message").asText()).contains("queue is full");
        assertThat(Metrics.value(API, "logpipe_queue_backlog_entries")).isEqualTo(5);
        assertThat(Metrics.value(API, "logpipe_ingest_entries_total", "outcome=\"queue_full\"")).isEqualTo(1);

        DropwizardTestSupport<LogpipeConfiguration> worker = new DropwizardTestSupport<>(LogpipeApplication.class,
                TestConfig.write(DATA, "worker", QUEUE, "").toString());
        worker.before();
        try {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> Metrics.value(API, "logpipe_queue_backlog_entries") == 0);
        } finally {
            worker.after();
        }
        assertThat(client.postJson("{\"service\": \"s\", \"message\": \"one more\"}").status()).isEqualTo(202);
    }
}
