package io.logpipe.http;

import static io.logpipe.http.HttpAdapterFixture.ADMIN_KEY;
import static io.logpipe.http.HttpAdapterFixture.INGEST_KEY;
import static io.logpipe.http.HttpAdapterFixture.QUERY_KEY;
import static io.logpipe.http.HttpAdapterFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class AuthenticationTest {
    private static final String ENTRY = "{\"service\": \"s\", \"level\": \"info\", \"message\": \"m\"}";

    private final HttpAdapterFixture fixture = new HttpAdapterFixture();
    private final ResourceExtension resources = fixture.resources;

    @Test
    void refusesARequestWithoutAKeyWith401AndABearerChallenge() {
        Response response = fixture.anonymous("/ingest").post(Entity.json(ENTRY));

        assertUnauthorized(response);
        assertThat(fixture.queue.enqueued()).isEmpty();
    }

    @Test
    void refusesAnUnknownKey() {
        assertUnauthorized(fixture.as("not-a-key", "/ingest").post(Entity.json(ENTRY)));
        assertUnauthorized(fixture.anonymous("/query").header("X-API-Key", "not-a-key").get());
    }

    @Test
    void refusesAKeySentWithAnotherScheme() {
        Response response = fixture.anonymous("/ingest")
                .header("Authorization", "Basic " + INGEST_KEY)
                .post(Entity.json(ENTRY));

        assertUnauthorized(response);
    }

    @Test
    void refusesAnEmptyBearerToken() {
        assertUnauthorized(fixture.anonymous("/query").header("Authorization", "Bearer ").get());
    }

    @Test
    void refusesBeforeLookingAtTheBody() {
        Response response = fixture.anonymous("/ingest").post(Entity.json("{ not json"));

        assertUnauthorized(response);
    }

    @Test
    void acceptsTheKeyAsABearerToken() {
        Response response = fixture.anonymous("/ingest")
                .header("Authorization", "Bearer " + INGEST_KEY)
                .post(Entity.json(ENTRY));

        assertThat(response.getStatus()).isEqualTo(202);
    }

    @Test
    void acceptsTheBearerSchemeInAnyCase() {
        Response response = fixture.anonymous("/query").header("Authorization", "bearer " + QUERY_KEY).get();

        assertThat(response.getStatus()).isEqualTo(200);
    }

    @Test
    void acceptsTheKeyInTheXApiKeyHeader() {
        Response ingest = fixture.anonymous("/ingest").header("X-API-Key", INGEST_KEY).post(Entity.json(ENTRY));
        Response query = fixture.anonymous("/query").header("X-API-Key", QUERY_KEY).get();

        assertThat(ingest.getStatus()).isEqualTo(202);
        assertThat(query.getStatus()).isEqualTo(200);
    }

    @Test
    void answers503WithRetryAfterWhenKeysCannotBeRead() {
        fixture.keys.storeGoesDown();

        Response response = fixture.as(INGEST_KEY, "/ingest").post(Entity.json(ENTRY));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
        JsonNode body = json(response);
        assertThat(body.get("code").asInt()).isEqualTo(503);
        assertThat(body.get("errors").isArray()).isTrue();
        assertThat(fixture.queue.enqueued()).isEmpty();
    }

    @Test
    void answersAWrongSecretARevokedKeyAnExpiredKeyAndAnUnknownOneAlike() {
        String key = madeKey("{\"roles\": [\"ingest\"]}");
        String revoked = madeKey("{\"roles\": [\"ingest\"]}");
        fixture.as(ADMIN_KEY, "/admin/keys/" + revoked.substring(3, 19)).delete();
        String expiring = madeKey("{\"roles\": [\"ingest\"], \"expires_at\": \"2026-11-26T18:00:01Z\"}");
        fixture.clock.advance(Duration.ofSeconds(1));
        String wrongSecret = key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A");
        String unknown = "lp_0123456789abcdef_" + "A".repeat(43);
        assertThat(fixture.as(key, "/ingest").post(Entity.json(ENTRY)).getStatus()).isEqualTo(202);

        List<String> answers = new ArrayList<>();
        for (String refused : List.of(wrongSecret, revoked, expiring, unknown, "not-a-key")) {
            Response response = fixture.as(refused, "/ingest").post(Entity.json(ENTRY));
            response.bufferEntity();
            assertUnauthorized(response);
            answers.add(response.getHeaders().keySet() + " " + json(response));
        }

        assertThat(answers).containsOnly(answers.get(0));
        assertThat(fixture.queue.enqueued()).hasSize(1);
    }

    private String madeKey(String body) {
        Response response = fixture.as(ADMIN_KEY, "/admin/keys").post(Entity.json(body));
        assertThat(response.getStatus()).isEqualTo(201);
        return json(response).get("key").asText();
    }

    private static void assertUnauthorized(Response response) {
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeaderString("WWW-Authenticate")).isEqualTo("Bearer realm=\"logpipe\"");
        assertThat(response.getMediaType().toString()).startsWith("application/json");
        JsonNode body = json(response);
        assertThat(body.get("code").asInt()).isEqualTo(401);
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(body.get("errors").isArray()).isTrue();
    }
}
