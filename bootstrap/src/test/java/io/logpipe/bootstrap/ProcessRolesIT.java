package io.logpipe.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A process runs only the roles it is configured with. Each process has a stream of its own, so nothing but its own
 * worker could drain what it queues.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ProcessRolesIT {
    private static final Path API_DATA = TestDirectories.createDeletedOnExit("logpipe-roles-api-");
    private static final Path API_CONFIG = TestConfig.write(API_DATA, "api");
    private static final DropwizardAppExtension<LogpipeConfiguration> API_ONLY =
            new DropwizardAppExtension<>(LogpipeApplication.class, API_CONFIG.toString());

    private static final Path WORKER_DATA = TestDirectories.createDeletedOnExit("logpipe-roles-worker-");
    private static final DropwizardAppExtension<LogpipeConfiguration> WORKER_ONLY =
            new DropwizardAppExtension<>(LogpipeApplication.class, TestConfig.write(WORKER_DATA, "worker").toString());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENTRY = "{\"service\":\"roles\",\"level\":\"info\",\"message\":\"waits for a worker\"}";

    @Test
    void anApiOnlyProcessAcceptsEntriesAndLeavesThemInTheQueueForAWorkerElsewhere() throws Exception {
        String key = KeysCli.createKey(API_CONFIG, "roles-tenant", "ingest");

        Response accepted = API_ONLY.client().target("http://localhost:" + API_ONLY.getLocalPort() + "/ingest/")
                .request().header("Authorization", "Bearer " + key)
                .post(Entity.entity(ENTRY, MediaType.APPLICATION_JSON));

        assertThat(accepted.getStatus()).isEqualTo(202);
        assertThat(metric(API_ONLY, "logpipe_queue_backlog_entries")).isEqualTo(1.0);
    }

    @Test
    void anApiOnlyProcessHasNoWorkerHealthCheck() throws Exception {
        JsonNode health = healthChecks(API_ONLY);

        assertThat(health.has("worker")).as("checks: %s", health).isFalse();
        assertThat(health.get("postgres").get("healthy").asBoolean()).isTrue();
        assertThat(health.get("redis").get("healthy").asBoolean()).isTrue();
    }

    @Test
    void aWorkerOnlyProcessServesNoIngest() {
        Response response = WORKER_ONLY.client().target("http://localhost:" + WORKER_ONLY.getLocalPort() + "/ingest/")
                .request().post(Entity.entity(ENTRY, MediaType.APPLICATION_JSON));

        assertThat(response.getStatus()).isEqualTo(404);
    }

    @Test
    void aWorkerOnlyProcessReportsItsWorkerHealthy() throws Exception {
        JsonNode health = healthChecks(WORKER_ONLY);

        assertThat(health.get("worker").get("healthy").asBoolean()).as("checks: %s", health).isTrue();
        assertThat(health.get("postgres").get("healthy").asBoolean()).isTrue();
        assertThat(health.get("redis").get("healthy").asBoolean()).isTrue();
    }

    private static JsonNode healthChecks(DropwizardAppExtension<LogpipeConfiguration> app) throws Exception {
        Response response = app.client().target("http://localhost:" + app.getAdminPort() + "/healthcheck")
                .request().get();
        assertThat(response.getStatus()).isEqualTo(200);
        return JSON.readTree(response.readEntity(String.class));
    }

    private static double metric(DropwizardAppExtension<LogpipeConfiguration> app, String name) {
        String text = app.client().target("http://localhost:" + app.getAdminPort() + "/metrics")
                .request().get(String.class);
        return text.lines().filter(line -> line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(name.length() + 1).trim()))
                .findFirst().orElseThrow(() -> new AssertionError(name + " missing from /metrics"));
    }
}
