package io.logpipe.http;

import static io.logpipe.http.HttpAdapterFixture.INGEST_KEY;
import static io.logpipe.http.HttpAdapterFixture.QUERY_KEY;
import static io.logpipe.http.HttpAdapterFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
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
        assertThat(fixture.queue.entries()).isEmpty();
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
        assertThat(fixture.queue.entries()).isEmpty();
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
