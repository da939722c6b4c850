package io.logpipe.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.DropwizardTestSupport;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded default keeps its promise across restarts: entries answered with 202 are still there after the server
 * stops and starts again on the same data directory. Always runs on embedded servers, whatever the environment names.
 */
class RestartIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Client client;

    @BeforeEach
    void openClient() {
        client = ClientBuilder.newClient();
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    void entriesAcceptedBeforeAStopAreQueryableAfterARestart() throws Exception {
        Path data = TestDirectories.create("logpipe-restart-");
        Path config = TestConfig.writeEmbedded(data);
        String service = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        String key;

        DropwizardTestSupport<LogpipeConfiguration> first = start(config);
        try {
            key = KeysCli.createKey(config, "restart-tenant", "ingest,query");
            Response accepted = client.target("http://localhost:" + first.getLocalPort() + "/ingest/").request()
                    .header("Authorization", "Bearer " + key)
                    .post(Entity.entity("{\"service\":\"" + service + "\",\"level\":\"info\",\"message\":\"kept\"}",
                            MediaType.APPLICATION_JSON));
            assertThat(accepted.getStatus()).isEqualTo(202);
        } finally {
            first.after();
        }

        DropwizardTestSupport<LogpipeConfiguration> second = start(config);
        try {
            String url = "http://localhost:" + second.getLocalPort() + "/query/?service=" + service;
            JsonNode entries = JSON.createArrayNode();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
            while (entries.size() == 0 && Instant.now().isBefore(deadline)) {
                String body = client.target(url).request().header("Authorization", "Bearer " + key).get(String.class);
                entries = JSON.readTree(body).get("entries");
                Thread.sleep(100);
            }
            assertThat(entries).hasSize(1);
            assertThat(entries.get(0).get("message").asText()).isEqualTo("kept");
        } finally {
            second.after();
            TestDirectories.delete(data);
        }
    }

    private static DropwizardTestSupport<LogpipeConfiguration> start(Path config) throws Exception {
        DropwizardTestSupport<LogpipeConfiguration> support =
                new DropwizardTestSupport<>(LogpipeApplication.class, config.toString());
        support.before();
        return support;
    }
}
