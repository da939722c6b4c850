package io.logpipe.http;

import static io.logpipe.http.HttpAdapterFixture.INGEST_KEY;
import static io.logpipe.http.HttpAdapterFixture.QUERY_KEY;
import static io.logpipe.http.HttpAdapterFixture.TENANT;
import static io.logpipe.http.HttpAdapterFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.logpipe.domain.Principal;
import io.logpipe.domain.Role;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.util.Set;
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
    void keepsAcceptingAKeyItHasVerifiedWhileTheKeyStoreIsDown() {
        assertThat(fixture.as(INGEST_KEY, "/ingest").post(Entity.json(ENTRY)).getStatus()).isEqualTo(202);
        fixture.keys.storeGoesDown();

        Response duringOutage = fixture.as(INGEST_KEY, "/ingest").post(Entity.json(ENTRY));

        assertThat(duringOutage.getStatus()).isEqualTo(202);
        assertThat(fixture.queue.enqueued()).hasSize(2);
    }

    @Test
    void neverRemembersAnUnknownKey() {
        assertUnauthorized(fixture.as("key-made-later", "/ingest").post(Entity.json(ENTRY)));
        fixture.keys.with("key-made-later", new Principal("k-later", TENANT, Set.of(Role.INGEST)));

        assertThat(fixture.as("key-made-later", "/ingest").post(Entity.json(ENTRY)).getStatus()).isEqualTo(202);
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
