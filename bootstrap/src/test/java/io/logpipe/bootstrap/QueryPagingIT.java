package io.logpipe.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Paging through HTTP is exact while new entries arrive: every entry stored before the first page is seen once, and
 * no entry is seen twice, although more entries with timestamps inside the range are stored between the pages.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class QueryPagingIT {
    private static final Path DATA = TestDirectories.createDeletedOnExit("logpipe-query-paging-");
    private static final Path CONFIG = TestConfig.write(DATA);
    private static final DropwizardAppExtension<LogpipeConfiguration> APP =
            new DropwizardAppExtension<>(LogpipeApplication.class, CONFIG.toString());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STORED_FIRST = 10_000;
    private static final int BATCH = 1_000;
    private static final int PAGE = 500;

    @Test
    void pagesThroughTenThousandEntriesOnceEachWhileOthersAreIngested() throws Exception {
        String key = KeysCli.createKey(CONFIG, "paging-" + UUID.randomUUID().toString().substring(0, 8),
                "ingest,query");
        String service = "paged-" + UUID.randomUUID().toString().substring(0, 8);
        Instant start = Instant.now().minus(Duration.ofMinutes(30));
        Set<String> storedFirst = new HashSet<>();
        for (int from = 0; from < STORED_FIRST; from += BATCH) {
            List<Instant> timestamps = new ArrayList<>();
            for (int i = from; i < from + BATCH; i++) {
                // Ten entries per millisecond: pages end inside runs of equal timestamps.
                timestamps.add(start.plusMillis(i / 10));
            }
            storedFirst.addAll(ingest(key, service, timestamps));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> total(key, service) == STORED_FIRST);

        Random random = new Random(42);
        List<String> seen = new ArrayList<>();
        int ingestedMeanwhile = 0;
        String cursor = null;
        do {
            JsonNode page = get(key, "/query?service=" + service + "&limit=" + PAGE
                    + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("entries").forEach(entry -> seen.add(entry.get("id").asText()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
            // Between pages, more entries arrive with timestamps anywhere in the range being paged.
            List<Instant> timestamps = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                timestamps.add(start.plusMillis(random.nextInt(STORED_FIRST / 10)));
            }
            ingestedMeanwhile += ingest(key, service, timestamps).size();
            if (seen.size() == PAGE) {
                // The first arrivals are stored before the second page, so paging really runs past new rows.
                int expected = STORED_FIRST + ingestedMeanwhile;
                await().atMost(Duration.ofSeconds(30)).until(() -> total(key, service) == expected);
            }
        } while (cursor != null);

        assertThat(ingestedMeanwhile).as("entries ingested while paging").isGreaterThan(STORED_FIRST / PAGE * 50);
        assertThat(new HashSet<>(seen)).as("no entry seen twice").hasSameSizeAs(seen);
        assertThat(seen).containsAll(storedFirst);
    }

    /** Ingests one entry per timestamp and returns their ids. */
    private static List<String> ingest(String key, String service, List<Instant> timestamps) {
        StringBuilder body = new StringBuilder("[");
        for (Instant timestamp : timestamps) {
            body.append(body.length() > 1 ? "," : "")
                    .append("{\"service\":\"").append(service).append("\",\"message\":\"page me\",\"timestamp\":\"")
                    .append(timestamp).append("\"}");
        }
        try (Response response = APP.client().target("http://localhost:" + APP.getLocalPort() + "/ingest").request()
                .header("Authorization", "Bearer " + key)
                .post(Entity.entity(body.append("]").toString(), MediaType.APPLICATION_JSON))) {
            String answer = response.readEntity(String.class);
            assertThat(response.getStatus()).as(answer).isEqualTo(202);
            List<String> ids = new ArrayList<>();
            JSON.readTree(answer).get("ids").forEach(id -> ids.add(id.asText()));
            return ids;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long total(String key, String service) throws Exception {
        return get(key, "/query/histogram?service=" + service).get("total").asLong();
    }

    private static JsonNode get(String key, String path) throws Exception {
        try (Response response = APP.client().target("http://localhost:" + APP.getLocalPort() + path).request()
                .header("Authorization", "Bearer " + key).get()) {
            String body = response.readEntity(String.class);
            assertThat(response.getStatus()).as(body).isEqualTo(200);
            return JSON.readTree(body);
        }
    }
}
