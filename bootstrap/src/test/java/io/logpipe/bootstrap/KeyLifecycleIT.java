package io.logpipe.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.logpipe.bootstrap.Api.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Keys through their whole life over HTTP, on two logpipe processes sharing one database: made and revoked through the
 * admin API of one, refused by both within the promised five seconds; expiring, rotating with a grace period, and
 * leaving a trail of audit events that only their own tenant's admin sees.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class KeyLifecycleIT {
    private static final Path DATA = TestDirectories.createDeletedOnExit("logpipe-key-lifecycle-");
    private static final Path CONFIG = TestConfig.write(DATA);
    /** The same data directory: with embedded servers, the second process attaches to the first one's. */
    private static final Path SECOND_CONFIG = TestConfig.write(DATA, "api");
    private static final DropwizardAppExtension<LogpipeConfiguration> APP =
            new DropwizardAppExtension<>(LogpipeApplication.class, CONFIG.toString());
    private static final DropwizardAppExtension<LogpipeConfiguration> SECOND =
            new DropwizardAppExtension<>(LogpipeApplication.class, SECOND_CONFIG.toString());
    private static final Duration REVOCATION_BOUND = Duration.ofSeconds(5);
    private static final String ENTRY = "{\"service\":\"keys\",\"message\":\"hello\"}";

    private static String tenant;
    private static String admin;
    private static Api first;
    private static Api second;

    @BeforeAll
    static void givenAnAdminKey() throws Exception {
        tenant = "keys-" + UUID.randomUUID().toString().substring(0, 8);
        admin = KeysCli.createKey(CONFIG, tenant, "admin");
        first = new Api(APP);
        second = new Api(SECOND);
    }

    @Test
    void aRevokedKeyIsRefusedWithinFiveSecondsOnEveryProcess() {
        JsonNode made = create("{\"roles\":[\"ingest\"],\"description\":\"shipper on web-1\"}");
        String key = made.get("key").asText();
        assertThat(second.post("/ingest", key, ENTRY).status()).isEqualTo(202);
        assertThat(first.post("/ingest", key, ENTRY).status()).isEqualTo(202);

        Reply revoked = first.delete("/admin/keys/" + made.get("key_id").asText(), admin);
        Instant revokedAt = Instant.now();

        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(revoked.json().get("state").asText()).isEqualTo("revoked");
        await().atMost(REVOCATION_BOUND).pollInterval(Duration.ofMillis(100)).until(() ->
                second.post("/ingest", key, ENTRY).status() == 401 && first.post("/ingest", key, ENTRY).status() == 401);
        assertThat(Duration.between(revokedAt, Instant.now())).isLessThanOrEqualTo(REVOCATION_BOUND);
        assertThat(second.post("/ingest", key, ENTRY).body())
                .isEqualTo(second.post("/ingest", unknownKey(), ENTRY).body());
    }

    @Test
    void anExpiredKeyIsRefusedAsAnUnknownOneIs() {
        String expiresAt = Instant.now().plusSeconds(2).toString();
        String key = create("{\"roles\":[\"ingest\"],\"expires_at\":\"" + expiresAt + "\"}").get("key").asText();

        assertThat(first.post("/ingest", key, ENTRY).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(15)).until(() -> first.post("/ingest", key, ENTRY).status() == 401);
        assertThat(first.post("/ingest", key, ENTRY).body())
                .isEqualTo(first.post("/ingest", unknownKey(), ENTRY).body());
    }

    @Test
    void aRotatedKeyKeepsWorkingThroughItsGraceAndThenOnlyTheNewOneDoes() {
        JsonNode old = create("{\"roles\":[\"ingest\",\"query\"],\"description\":\"rotated\"}");
        String oldKey = old.get("key").asText();

        Reply rotated = first.post("/admin/keys/" + old.get("key_id").asText() + "/rotate", admin,
                "{\"grace_seconds\":3}");

        assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
        String newKey = rotated.json().get("key").get("key").asText();
        assertThat(rotated.json().get("key").get("roles")).hasSize(2);
        assertThat(rotated.json().get("key").get("description").asText()).isEqualTo("rotated");
        assertThat(rotated.json().get("retired").get("expires_at").isNull()).isFalse();
        assertThat(first.post("/ingest", newKey, ENTRY).status()).isEqualTo(202);
        assertThat(first.post("/ingest", oldKey, ENTRY).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(15)).until(() -> first.post("/ingest", oldKey, ENTRY).status() == 401);
        assertThat(first.post("/ingest", newKey, ENTRY).status()).isEqualTo(202);
    }

    @Test
    void listsTheTenantsKeysWithTheirStateAndLastUseButNeverASecretOrHash() {
        JsonNode made = create("{\"roles\":[\"query\"]}");
        assertThat(first.get("/query", made.get("key").asText()).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).until(() -> keyView(made.get("key_id").asText())
                .map(view -> !view.get("last_used_at").isNull()).orElse(false));
        Reply listed = first.get("/admin/keys", admin);

        assertThat(listed.body()).doesNotContain(made.get("key").asText())
                .doesNotContain(made.get("key").asText().substring(20)).doesNotContain("hash");
        assertThat(keyView(made.get("key_id").asText())).hasValueSatisfying(view -> {
            assertThat(view.get("state").asText()).isEqualTo("active");
            assertThat(view.get("tenant").asText()).isEqualTo(tenant);
        });
    }

    @Test
    void anotherTenantsAdminNeitherSeesNorChangesTheseKeysNorTheirAudit() throws Exception {
        String otherAdmin = KeysCli.createKey(CONFIG, "other-" + UUID.randomUUID().toString().substring(0, 8),
                "admin");
        JsonNode made = create("{\"roles\":[\"ingest\"]}");
        String keyId = made.get("key_id").asText();

        assertThat(first.get("/admin/keys", otherAdmin).body()).doesNotContain(keyId);
        assertThat(first.delete("/admin/keys/" + keyId, otherAdmin).status()).isEqualTo(404);
        assertThat(first.post("/admin/keys/" + keyId + "/rotate", otherAdmin, "{}").status()).isEqualTo(404);
        assertThat(first.post("/ingest", made.get("key").asText(), ENTRY).status()).isEqualTo(202);
        assertThat(first.get("/admin/audit?limit=1000", otherAdmin).body()).doesNotContain(keyId)
                .doesNotContain(tenant);
    }

    @Test
    void everyChangeAndRefusalIsInTheTenantsAuditTrail() {
        JsonNode made = create("{\"roles\":[\"ingest\"]}");
        String keyId = made.get("key_id").asText();
        String key = made.get("key").asText();
        String wrongSecret = key.substring(0, key.length() - 4) + (key.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThat(first.post("/ingest", wrongSecret, ENTRY).status()).isEqualTo(401);
        assertThat(first.get("/query", key).status()).isEqualTo(403);
        assertThat(first.put("/admin/retention", admin, "{\"days\":9}").status()).isEqualTo(200);
        first.post("/admin/keys/" + keyId + "/rotate", admin, "{}");

        List<JsonNode> events = audit();

        assertThat(events).anySatisfy(event -> assertEvent(event, "key.create", keyId, "success"));
        assertThat(events).anySatisfy(event -> assertEvent(event, "key.rotate", keyId, "success"));
        assertThat(events).anySatisfy(event -> {
            assertEvent(event, "auth.denied", keyId, "denied");
            assertThat(event.get("detail").asText()).contains("wrong secret");
        });
        assertThat(events).anySatisfy(event -> {
            assertEvent(event, "auth.denied", keyId, "denied");
            assertThat(event.get("detail").asText()).contains("GET /query");
        });
        assertThat(events).anySatisfy(event -> {
            assertThat(event.get("action").asText()).isEqualTo("retention.change");
            assertThat(event.get("detail").asText()).endsWith("-> 9");
        });
        assertThat(events).allSatisfy(event -> assertThat(event.get("tenant").asText()).isEqualTo(tenant));
        assertThat(events.toString()).doesNotContain(key.substring(20));
    }

    @Test
    void theCommandLineListsRevokesAndRotatesKeysAsTheAdminApiDoes() throws Exception {
        JsonNode made = create("{\"roles\":[\"ingest\"]}");
        String keyId = made.get("key_id").asText();

        JsonNode rotated = KeysCli.run(CONFIG, "rotate", "--key-id", keyId, "--grace", "0s");
        String newKeyId = rotated.get("key").get("key_id").asText();
        JsonNode listed = KeysCli.run(CONFIG, "list", "--tenant", tenant);
        JsonNode revoked = KeysCli.run(CONFIG, "revoke", "--key-id", newKeyId);

        assertThat(listed.get("keys").findValuesAsText("key_id")).contains(keyId, newKeyId);
        assertThat(revoked.get("state").asText()).isEqualTo("revoked");
        await().atMost(REVOCATION_BOUND).until(() ->
                first.post("/ingest", rotated.get("key").get("key").asText(), ENTRY).status() == 401);
        assertThat(audit()).anySatisfy(event -> {
            assertEvent(event, "key.revoke", newKeyId, "success");
            assertThat(event.get("actor").asText()).isEqualTo("cli");
        });
    }

    private static void assertEvent(JsonNode event, String action, String target, String outcome) {
        assertThat(event.get("action").asText()).isEqualTo(action);
        assertThat(event.get("target").asText()).isEqualTo(target);
        assertThat(event.get("outcome").asText()).isEqualTo(outcome);
        if (!event.get("actor").asText().equals("cli")) {
            assertThat(event.get("remote_address").asText()).isEqualTo("127.0.0.1");
        }
    }

    private static JsonNode create(String body) {
        Reply reply = first.post("/admin/keys", admin, body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        assertThat(reply.headers().get("cache-control")).contains("no-store");
        return reply.json();
    }

    private static java.util.Optional<JsonNode> keyView(String keyId) {
        for (JsonNode view : first.get("/admin/keys", admin).json().get("keys")) {
            if (view.get("key_id").asText().equals(keyId)) {
                return java.util.Optional.of(view);
            }
        }
        return java.util.Optional.empty();
    }

    /** Every event of the tenant, following the cursor page by page. */
    private static List<JsonNode> audit() {
        List<JsonNode> events = new ArrayList<>();
        String cursor = null;
        do {
            Reply page = first.get("/admin/audit?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), admin);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().get("events").forEach(events::add);
            JsonNode next = page.json().get("next_cursor");
            cursor = next == null || next.isNull() ? null : next.asText();
        } while (cursor != null);
        return events;
    }

    private static String unknownKey() {
        return "lp_" + "0123456789abcdef" + "_" + "A".repeat(43);
    }
}
