package io.logpipe.bootstrap.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.logpipe.application.ManageApiKeys;
import io.logpipe.application.NewApiKey;
import io.logpipe.bootstrap.LogpipeApplication;
import io.logpipe.bootstrap.LogpipeConfiguration;
import io.logpipe.domain.Role;
import io.logpipe.postgres.PostgresApiKeyStore;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code query.readDatabase} naming a streaming replica, searches read the replica and nothing else does: the
 * worker writes, and the server migrates, the primary, while an answer holds exactly what the replica has replayed.
 * Runs on a primary and replica of its own, made from the installed PostgreSQL binaries, and skips without them.
 */
class ReadReplicaIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REPLICATION_LIMIT = Duration.ofSeconds(30);
    private static final String TENANT = "replica-tenant";

    private static ReplicatedPostgres postgres;
    private static Path directory;
    private static DropwizardAppExtension<LogpipeConfiguration> app;
    private static String key;

    @BeforeAll
    static void startAPrimaryItsReplicaAndLogpipe() throws Exception {
        Optional<Path> binaries = ReplicatedPostgres.installedBinaries();
        assumeTrue(binaries.isPresent(), "ReadReplicaIT skipped: it needs PostgreSQL's server binaries (initdb, "
                + "pg_ctl, pg_basebackup) under /usr/lib/postgresql/<version>/bin, e.g. 'apt-get install postgresql'");
        postgres = ReplicatedPostgres.start(binaries.get());
        directory = Files.createTempDirectory("logpipe-replica-it-");
        app = new DropwizardAppExtension<>(LogpipeApplication.class, writeConfig().toString());
        app.before();
        Jdbi primary = Jdbi.create(postgres.primaryUrl(), postgres.user(), "");
        key = new ManageApiKeys(new PostgresApiKeyStore(primary), app.getConfiguration().peppers(),
                Clock.systemUTC()).create(TENANT, NewApiKey.withRoles(Set.of(Role.INGEST, Role.QUERY))).key();
    }

    @AfterAll
    static void stopEverything() throws IOException {
        try {
            if (app != null) {
                app.after();
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
            if (directory != null) {
                delete(directory);
            }
        }
    }

    @Test
    void answersHoldWhatTheReplicaHasReplayedAndNoMore() throws Exception {
        String service = "replicated-" + UUID.randomUUID().toString().substring(0, 8);
        ingest(service, "before the pause");
        await().atMost(REPLICATION_LIMIT).until(() -> queried(service).equals(List.of("before the pause")));

        try (Connection replica = postgres.replica(); Statement statement = replica.createStatement()) {
            statement.execute("SELECT pg_wal_replay_pause()");
            ingest(service, "during the pause");
            await().atMost(REPLICATION_LIMIT).until(() -> storedOnThePrimary(service) == 2);

            assertThat(queried(service)).containsExactly("before the pause");

            statement.execute("SELECT pg_wal_replay_resume()");
        }
        await().atMost(REPLICATION_LIMIT)
                .until(() -> queried(service).equals(List.of("during the pause", "before the pause")));
    }

    @Test
    void checksTheHealthOfTheReplicasPool() throws Exception {
        Response response = app.client().target("http://localhost:" + app.getAdminPort() + "/healthcheck")
                .request().get();

        JsonNode health = JSON.readTree(response.readEntity(String.class));
        assertThat(health.get("postgres-read").get("healthy").asBoolean()).isTrue();
    }

    private static void ingest(String service, String message) {
        try (Response response = app.client().target("http://localhost:" + app.getLocalPort() + "/ingest")
                .request().header("Authorization", "Bearer " + key)
                .post(Entity.entity("{\"service\":\"%s\",\"message\":\"%s\"}".formatted(service, message),
                        MediaType.APPLICATION_JSON))) {
            assertThat(response.getStatus()).isEqualTo(202);
        }
    }

    /** The messages /query answers for {@code service}, newest first. */
    private static List<String> queried(String service) throws IOException {
        try (Response response = app.client().target("http://localhost:" + app.getLocalPort() + "/query")
                .queryParam("service", service).request().header("Authorization", "Bearer " + key).get()) {
            String body = response.readEntity(String.class);
            assertThat(response.getStatus()).as(body).isEqualTo(200);
            List<String> messages = new ArrayList<>();
            JSON.readTree(body).get("entries").forEach(entry -> messages.add(entry.get("message").asText()));
            return messages;
        }
    }

    private static long storedOnThePrimary(String service) throws SQLException {
        try (Connection primary = postgres.primary();
                PreparedStatement count = primary.prepareStatement(
                        "SELECT count(*) FROM log_entries WHERE tenant = ? AND service = ?")) {
            count.setString(1, TENANT);
            count.setString(2, service);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static Path writeConfig() throws IOException {
        String id = UUID.randomUUID().toString();
        String redisUrl = System.getenv("LOGPIPE_TEST_REDIS_URL");
        String redis = redisUrl == null
                ? "  type: embedded\n  dataDirectory: \"" + directory.resolve("redis") + "\""
                : "  type: external\n  url: \"" + redisUrl + "\"";
        String yaml = """
                server:
                  applicationConnectors:
                    - type: http
                      port: 0
                  adminConnectors:
                    - type: http
                      port: 0
                  requestLog:
                    appenders: []
                database:
                  type: external
                  url: "%1$s"
                  user: "%3$s"
                redis:
                %4$s
                  stream: "logpipe:test:%5$s"
                worker:
                  consumerName: "test-%5$s"
                  leaseWait: 200ms
                  maxBackoff: 1s
                keys:
                  pepper: replica-test-pepper-0123456789
                query:
                  # Off: an answer from the cache would look like replica lag, and hide it.
                  cache:
                    ttl: 0s
                  readDatabase:
                    url: "%2$s"
                    user: "%3$s"
                logging:
                  level: WARN
                  loggers:
                    io.logpipe: INFO
                """.formatted(postgres.primaryUrl(), postgres.replicaUrl(), postgres.user(), redis, id);
        return Files.writeString(directory.resolve("config.yml"), yaml);
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
