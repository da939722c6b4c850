package io.logpipe.http;

import static io.logpipe.http.HttpAdapterFixture.ADMIN_KEY;
import static io.logpipe.http.HttpAdapterFixture.DEFAULT_ADDRESS;
import static io.logpipe.http.HttpAdapterFixture.INGEST_KEY;
import static io.logpipe.http.HttpAdapterFixture.NOW;
import static io.logpipe.http.HttpAdapterFixture.OTHER_ADMIN_KEY;
import static io.logpipe.http.HttpAdapterFixture.QUERY_KEY;
import static io.logpipe.http.HttpAdapterFixture.TENANT;
import static io.logpipe.http.HttpAdapterFixture.assertJsonError;
import static io.logpipe.http.HttpAdapterFixture.errors;
import static io.logpipe.http.HttpAdapterFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.logpipe.domain.AuditAction;
import io.logpipe.domain.AuditEvent;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(DropwizardExtensionsSupport.class)
class KeysResourceTest {
    private static final String ENTRY = "{\"service\": \"s\", \"message\": \"m\"}";

    private final HttpAdapterFixture fixture = new HttpAdapterFixture();
    private final ResourceExtension resources = fixture.resources;

    @Test
    void makesAKeyOfTheCallersTenantThatWorksWithItsRolesOnly() {
        Response response = create(ADMIN_KEY, "{\"roles\": [\"ingest\"], \"description\": \"shipper on web-1\"}");

        assertThat(response.getStatus()).isEqualTo(201);
        assertThat(response.getHeaderString("Cache-Control")).isEqualTo("no-store");
        JsonNode made = json(response);
        assertThat(made.get("key").asText()).startsWith("lp_" + made.get("key_id").asText() + "_");
        assertThat(made.get("tenant").asText()).isEqualTo(TENANT);
        assertThat(made.get("roles").toString()).isEqualTo("[\"ingest\"]");
        assertThat(made.get("description").asText()).isEqualTo("shipper on web-1");
        assertThat(made.get("created_at").asText()).isEqualTo(NOW.toString());
        assertThat(made.get("expires_at").isNull()).isTrue();
        String key = made.get("key").asText();
        assertThat(fixture.as(key, "/ingest").post(Entity.json(ENTRY)).getStatus()).isEqualTo(202);
        assertJsonError(fixture.as(key, "/query").get(), 403);
    }

    @Test
    void listsTheTenantsKeysWithTheirStateButNeverTheirSecrets() {
        JsonNode made = json(create(ADMIN_KEY, "{\"roles\": [\"query\", \"ingest\"], \"description\": \"ci\"}"));

        Response response = fixture.as(ADMIN_KEY, "/admin/keys").get();

        assertThat(response.getStatus()).isEqualTo(200);
        String body = response.readEntity(String.class);
        String secret = made.get("key").asText().substring(("lp_" + made.get("key_id").asText() + "_").length());
        assertThat(body).doesNotContain(secret).doesNotContainIgnoringCase("hash").doesNotContain("\"key\"");
        JsonNode view = onlyKey(body);
        assertThat(view.get("key_id").asText()).isEqualTo(made.get("key_id").asText());
        assertThat(view.get("tenant").asText()).isEqualTo(TENANT);
        assertThat(view.get("roles").toString()).isEqualTo("[\"ingest\",\"query\"]");
        assertThat(view.get("description").asText()).isEqualTo("ci");
        assertThat(view.get("created_at").asText()).isEqualTo(NOW.toString());
        assertThat(view.get("state").asText()).isEqualTo("active");
        for (String never : List.of("expires_at", "revoked_at", "last_used_at")) {
            assertThat(view.get(never).isNull()).as(never).isTrue();
        }
    }

    @Test
    void aKeyThatExpiresWorksUntilThenAndIsListedAsExpiredAfter() {
        String expiresAt = NOW.plus(Duration.ofHours(1)).toString();
        JsonNode made = json(create(ADMIN_KEY, "{\"roles\": [\"ingest\"], \"expires_at\": \"" + expiresAt + "\"}"));
        String key = made.get("key").asText();
        assertThat(made.get("expires_at").asText()).isEqualTo(expiresAt);
        assertThat(fixture.as(key, "/ingest").post(Entity.json(ENTRY)).getStatus()).isEqualTo(202);

        fixture.clock.advance(Duration.ofHours(1));

        assertJsonError(fixture.as(key, "/ingest").post(Entity.json(ENTRY)), 401);
        assertThat(onlyKey(fixture.as(ADMIN_KEY, "/admin/keys").get().readEntity(String.class))
                .get("state").asText()).isEqualTo("expired");
    }

    @Test
    void revokesAKeySoThatItNoLongerWorks() {
        JsonNode made = json(create(ADMIN_KEY, "{\"roles\": [\"ingest\"]}"));
        String key = made.get("key").asText();
        fixture.clock.advance(Duration.ofMinutes(5));

        Response response = fixture.as(ADMIN_KEY, "/admin/keys/" + made.get("key_id").asText()).delete();

        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode view = json(response);
        assertThat(view.get("state").asText()).isEqualTo("revoked");
        assertThat(view.get("revoked_at").asText()).isEqualTo(NOW.plus(Duration.ofMinutes(5)).toString());
        assertJsonError(fixture.as(key, "/ingest").post(Entity.json(ENTRY)), 401);
        assertThat(fixture.queue.enqueued()).isEmpty();
    }

    @Test
    void revokingAKeyAgainAnswersItAsItStands() {
        String keyId = json(create(ADMIN_KEY, "{\"roles\": [\"ingest\"]}")).get("key_id").asText();
        fixture.as(ADMIN_KEY, "/admin/keys/" + keyId).delete();
        fixture.clock.advance(Duration.ofMinutes(5));

        Response again = fixture.as(ADMIN_KEY, "/admin/keys/" + keyId).delete();

        assertThat(again.getStatus()).isEqualTo(200);
        assertThat(json(again).get("revoked_at").asText()).isEqualTo(NOW.toString());
    }

    @Test
    void rotatesAKeyIntoANewOneWithTheSameRolesAndRetiresTheOldOneAtOnce() {
        JsonNode old = json(create(ADMIN_KEY, "{\"roles\": [\"ingest\", \"query\"], \"description\": \"web\"}"));

        Response response = rotate(ADMIN_KEY, old.get("key_id").asText(), null);

        assertThat(response.getStatus()).isEqualTo(201);
        assertThat(response.getHeaderString("Cache-Control")).isEqualTo("no-store");
        JsonNode rotated = json(response);
        JsonNode replacement = rotated.get("key");
        assertThat(replacement.get("key_id").asText()).isNotEqualTo(old.get("key_id").asText());
        assertThat(replacement.get("roles")).isEqualTo(old.get("roles"));
        assertThat(replacement.get("description").asText()).isEqualTo("web");
        assertThat(rotated.get("retired").get("key_id").asText()).isEqualTo(old.get("key_id").asText());
        assertThat(rotated.get("retired").get("state").asText()).isEqualTo("revoked");
        assertThat(fixture.as(replacement.get("key").asText(), "/ingest").post(Entity.json(ENTRY)).getStatus())
                .isEqualTo(202);
        assertJsonError(fixture.as(old.get("key").asText(), "/ingest").post(Entity.json(ENTRY)), 401);
    }

    @Test
    void anOldKeyKeepsWorkingThroughTheGracePeriodOfItsRotation() {
        JsonNode old = json(create(ADMIN_KEY, "{\"roles\": [\"ingest\"]}"));

        JsonNode rotated = json(rotate(ADMIN_KEY, old.get("key_id").asText(), "{\"grace_seconds\": 3600}"));

        JsonNode retired = rotated.get("retired");
        assertThat(retired.get("state").asText()).isEqualTo("active");
        assertThat(retired.get("expires_at").asText()).isEqualTo(NOW.plus(Duration.ofHours(1)).toString());
        assertThat(fixture.as(old.get("key").asText(), "/ingest").post(Entity.json(ENTRY)).getStatus())
                .isEqualTo(202);
        fixture.clock.advance(Duration.ofHours(1));
        assertJsonError(fixture.as(old.get("key").asText(), "/ingest").post(Entity.json(ENTRY)), 401);
        assertThat(fixture.as(rotated.get("key").get("key").asText(), "/ingest").post(Entity.json(ENTRY))
                .getStatus()).isEqualTo(202);
    }

    @Test
    void answers404ForARevokedOrUnknownKeyAndRotatesNothing() {
        String keyId = json(create(ADMIN_KEY, "{\"roles\": [\"ingest\"]}")).get("key_id").asText();
        fixture.as(ADMIN_KEY, "/admin/keys/" + keyId).delete();

        assertJsonError(rotate(ADMIN_KEY, keyId, "{}"), 404);
        assertJsonError(rotate(ADMIN_KEY, "0123456789abcdef", "{}"), 404);
        assertJsonError(fixture.as(ADMIN_KEY, "/admin/keys/0123456789abcdef").delete(), 404);
        assertThat(fixture.apiKeys.all()).hasSize(1);
    }

    @Test
    void anotherTenantsAdminCanNeitherSeeNorRevokeNorRotateTheKey() {
        JsonNode made = json(create(ADMIN_KEY, "{\"roles\": [\"ingest\"]}"));
        String keyId = made.get("key_id").asText();

        assertThat(fixture.as(OTHER_ADMIN_KEY, "/admin/keys").get().readEntity(String.class)).doesNotContain(keyId);
        JsonNode notFound = assertJsonError(fixture.as(OTHER_ADMIN_KEY, "/admin/keys/" + keyId).delete(), 404);
        assertJsonError(rotate(OTHER_ADMIN_KEY, keyId, "{\"grace_seconds\": 0}"), 404);

        assertThat(notFound.get("message").asText()).contains(keyId);
        assertThat(fixture.as(made.get("key").asText(), "/ingest").post(Entity.json(ENTRY)).getStatus())
                .isEqualTo(202);
        assertThat(fixture.apiKeys.all()).hasSize(1);
    }

    @Test
    void refusesEveryKeyWithoutTheAdminRole() {
        String keyId = json(create(ADMIN_KEY, "{\"roles\": [\"ingest\"]}")).get("key_id").asText();

        for (String key : List.of(INGEST_KEY, QUERY_KEY)) {
            assertJsonError(create(key, "{\"roles\": [\"admin\"]}"), 403);
            assertJsonError(fixture.as(key, "/admin/keys").get(), 403);
            assertJsonError(fixture.as(key, "/admin/keys/" + keyId).delete(), 403);
            assertJsonError(rotate(key, keyId, "{}"), 403);
        }
        assertJsonError(fixture.anonymous("/admin/keys").post(Entity.json("{\"roles\": [\"admin\"]}")), 401);

        assertThat(fixture.apiKeys.all()).singleElement()
                .satisfies(key -> assertThat(key.revokedAt()).isNull());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"roles\": [\"query\"], \"tenant\": \"globex\"}",
            "{\"roles\": [\"query\"], \"secret\": \"mine\", \"key_id\": \"0123456789abcdef\"}",
            "{\"role\": \"query\"}"})
    void answers400NamingEveryUnknownFieldAndMakesNoKey(String body) {
        JsonNode error = assertJsonError(create(ADMIN_KEY, body), 400);

        assertThat(errors(error)).allSatisfy(line -> assertThat(line).contains("unknown field"));
        assertThat(errors(error).get(0)).matches("(tenant|secret|role): .*");
        assertThat(fixture.apiKeys.all()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{\"roles\": [\"query\"]", "roles=query", "{\"roles\": [\"query\"]} {}",
            "[\"query\"]", "{\"roles\": [\"query\"], \"roles\": [\"admin\"]}"})
    void answers400ToABodyThatIsNotOneJsonObject(String body) {
        assertJsonError(create(ADMIN_KEY, body), 400);
        assertThat(fixture.apiKeys.all()).isEmpty();
    }

    @Test
    void answers422ListingEveryValueOfTheWrongType() {
        JsonNode error = assertJsonError(create(ADMIN_KEY,
                "{\"roles\": [\"root\", 5, \"query\"], \"description\": 7, \"expires_at\": \"tomorrow\"}"), 422);

        assertThat(errors(error)).hasSize(4).anySatisfy(line -> assertThat(line).startsWith("roles[0]: unknown role"))
                .anySatisfy(line -> assertThat(line).startsWith("roles[1]:"))
                .anySatisfy(line -> assertThat(line).startsWith("description:"))
                .anySatisfy(line -> assertThat(line).startsWith("expires_at:"));
        assertThat(fixture.apiKeys.all()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"roles\": []}", "{\"roles\": \"query\"}", "{\"roles\": null}",
            "{\"roles\": [\"query\"], \"expires_at\": \"2026-11-26T17:59:59Z\"}",
            "{\"roles\": [\"query\"], \"expires_at\": 1795716000000}",
            "{\"roles\": [\"query\"], \"description\": \"line\\nbreak\"}",
            "{\"roles\": [\"query\"], \"description\": \"lone \\ud800 surrogate\"}"})
    void answers422ToKeysThatCannotBeMade(String body) {
        JsonNode error = assertJsonError(create(ADMIN_KEY, body), 422);

        assertThat(errors(error).get(0)).matches("(roles|expires_at|description): .*");
        assertThat(fixture.apiKeys.all()).isEmpty();
    }

    @Test
    void answers422ToADescriptionLongerThanTwoHundredCharacters() {
        JsonNode error = assertJsonError(create(ADMIN_KEY,
                "{\"roles\": [\"query\"], \"description\": \"" + "d".repeat(201) + "\"}"), 422);

        assertThat(errors(error)).singleElement().satisfies(line -> assertThat(line).startsWith("description:"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"grace_seconds\": -1}", "{\"grace_seconds\": 604801}", "{\"grace_seconds\": 1.5}",
            "{\"grace_seconds\": \"60\"}", "{\"grace_seconds\": 99999999999999999999}"})
    void answers422ToAGracePeriodOutsideZeroToSevenDaysAndRotatesNothing(String body) {
        JsonNode made = json(create(ADMIN_KEY, "{\"roles\": [\"ingest\"]}"));

        JsonNode error = assertJsonError(rotate(ADMIN_KEY, made.get("key_id").asText(), body), 422);

        assertThat(errors(error)).singleElement().satisfies(line ->
                assertThat(line).isEqualTo("grace_seconds: must be a whole number of seconds from 0 to 604800"));
        assertThat(fixture.apiKeys.all()).hasSize(1);
        assertThat(fixture.as(made.get("key").asText(), "/ingest").post(Entity.json(ENTRY)).getStatus())
                .isEqualTo(202);
    }

    @Test
    void answers400ToAnUnknownFieldOfARotation() {
        String keyId = json(create(ADMIN_KEY, "{\"roles\": [\"ingest\"]}")).get("key_id").asText();

        JsonNode error = assertJsonError(rotate(ADMIN_KEY, keyId, "{\"grace\": 60}"), 400);

        assertThat(errors(error)).singleElement().satisfies(line -> assertThat(line).startsWith("grace: unknown"));
        assertThat(fixture.apiKeys.all()).hasSize(1);
    }

    @Test
    void auditsEveryChangeWithTheCallerAndItsAddress() {
        String keyId = json(fixture.from("198.51.100.7", ADMIN_KEY, "/admin/keys")
                .post(Entity.json("{\"roles\": [\"ingest\"]}"))).get("key_id").asText();
        rotate(ADMIN_KEY, keyId, "{\"grace_seconds\": 60}");
        String newKeyId = fixture.apiKeys.all().get(1).keyId();
        fixture.as(ADMIN_KEY, "/admin/keys/" + newKeyId).delete();

        List<AuditEvent> events = new ArrayList<>(fixture.audit.all());

        assertThat(events).extracting(AuditEvent::action)
                .containsExactly(AuditAction.KEY_CREATE, AuditAction.KEY_ROTATE, AuditAction.KEY_REVOKE);
        assertThat(events).extracting(AuditEvent::target).containsExactly(keyId, keyId, newKeyId);
        assertThat(events).extracting(AuditEvent::actor).containsOnly("k-admin");
        assertThat(events).extracting(AuditEvent::remoteAddress)
                .containsExactly("198.51.100.7", DEFAULT_ADDRESS, DEFAULT_ADDRESS);
    }

    private Response create(String key, String body) {
        return fixture.as(key, "/admin/keys").post(Entity.entity(body, MediaType.APPLICATION_JSON_TYPE));
    }

    /** With no body when {@code body} is null. */
    private Response rotate(String key, String keyId, String body) {
        return fixture.as(key, "/admin/keys/" + keyId + "/rotate")
                .post(body == null ? null : Entity.entity(body, MediaType.APPLICATION_JSON_TYPE));
    }

    private static JsonNode onlyKey(String listBody) {
        JsonNode keys = json(listBody).get("keys");
        assertThat(keys).hasSize(1);
        return keys.get(0);
    }
}
