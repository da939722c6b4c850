package io.logpipe.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With the result cache on, the same query again within the TTL gets the same answer, from memory. */
@ExtendWith(DropwizardExtensionsSupport.class)
class QueryCacheIT {
    private static final Path DATA = TestDirectories.createDeletedOnExit("logpipe-query-cache-");
    // Longer than the test: an answer it sees again can only have come from the cache.
    private static final Path CONFIG = TestConfig.writeWithQuery(DATA, "  cache:\n    ttl: 10 minutes");
    private static final DropwizardAppExtension<LogpipeConfiguration> APP =
            new DropwizardAppExtension<>(LogpipeApplication.class, CONFIG.toString());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL_LIMIT = Duration.ofSeconds(15);

    /** Each poll asks for another page size, so it is a request of its own and never answered from the cache. */
    private final AtomicInteger pollLimit = new AtomicInteger();

    @Test
    void answersTheSameQueryAgainFromTheCacheWithoutWhatWasStoredSince() throws Exception {
        String key = KeysCli.createKey(CONFIG, "cache-" + UUID.randomUUID().toString().substring(0, 8),
                "ingest,query");
        String service = "cached-" + UUID.randomUUID().toString().substring(0, 8);
        ingest(key, service, "first");
        awaitStored(key, service, 1);
        List<String> first = messages(key, "/query?service=" + service);
        double hitsBefore = Metrics.value(APP, "logpipe_query_cache_hits_total");

        ingest(key, service, "second");
        awaitStored(key, service, 2);
        List<String> again = messages(key, "/query?service=" + service);

        assertThat(first).containsExactly("first");
        assertThat(again).isEqualTo(first);
        assertThat(Metrics.value(APP, "logpipe_query_cache_hits_total")).isEqualTo(hitsBefore + 1);
        assertThat(Metrics.value(APP, "logpipe_query_cache_misses_total")).isPositive();
    }

    private void awaitStored(String key, String service, int count) {
        await().atMost(POLL_LIMIT).until(() ->
                messages(key, "/query?service=" + service + "&limit=" + pollLimit.incrementAndGet()).size() == count);
    }

    private static void ingest(String key, String service, String message) {
        try (Response response = APP.client().target("http://localhost:" + APP.getLocalPort() + "/ingest").request()
                .header("Authorization", "Bearer " + key)
                .post(Entity.entity("{\"service\":\"%s\",\"message\":\"%s\"}".formatted(service, message),
                        MediaType.APPLICATION_JSON))) {
            assertThat(response.getStatus()).isEqualTo(202);
        }
    }

    private static List<String> messages(String key, String path) throws Exception {
        try (Response response = APP.client().target("http://localhost:" + APP.getLocalPort() + path).request()
                .header("Authorization", "Bearer " + key).get()) {
            String body = response.readEntity(String.class);
            assertThat(response.getStatus()).as(body).isEqualTo(200);
            List<String> messages = new ArrayList<>();
            JSON.readTree(body).get("entries").forEach(entry -> messages.add(entry.get("message").asText()));
            return messages;
        }
    }
}
