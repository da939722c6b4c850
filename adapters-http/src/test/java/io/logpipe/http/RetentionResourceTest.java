package io.logpipe.http;

import static io.logpipe.http.HttpAdapterFixture.ADMIN_KEY;
import static io.logpipe.http.HttpAdapterFixture.OTHER_ADMIN_KEY;
import static io.logpipe.http.HttpAdapterFixture.OTHER_TENANT;
import static io.logpipe.http.HttpAdapterFixture.QUERY_KEY;
import static io.logpipe.http.HttpAdapterFixture.TENANT;
import static io.logpipe.http.HttpAdapterFixture.assertJsonError;
import static io.logpipe.http.HttpAdapterFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(DropwizardExtensionsSupport.class)
class RetentionResourceTest {
    private final HttpAdapterFixture fixture = new HttpAdapterFixture();
    private final ResourceExtension resources = fixture.resources;

    @Test
    void showsTheDefaultThenTheTenantsOwnRetentionThenTheDefaultAgain() {
        assertRetention(fixture.as(ADMIN_KEY, "/admin/retention").get(), 30, "default");

        assertRetention(put(ADMIN_KEY, "{\"days\": 7}"), 7, "tenant");
        assertRetention(fixture.as(ADMIN_KEY, "/admin/retention").get(), 7, "tenant");
        assertThat(fixture.retentionPolicies.find(TENANT)).isEqualTo(OptionalInt.of(7));

        assertRetention(fixture.as(ADMIN_KEY, "/admin/retention").delete(), 30, "default");
        assertThat(fixture.retentionPolicies.find(TENANT)).isEqualTo(OptionalInt.empty());
    }

    @Test
    void setsOnlyTheKeysOwnTenant() {
        put(OTHER_ADMIN_KEY, "{\"days\": 90}");

        assertRetention(fixture.as(ADMIN_KEY, "/admin/retention").get(), 30, "default");
        assertThat(json(fixture.as(OTHER_ADMIN_KEY, "/admin/retention").get()).get("tenant").asText())
                .isEqualTo(OTHER_TENANT);
    }

    @Test
    void refusesAKeyWithoutTheAdminRole() {
        assertJsonError(fixture.as(QUERY_KEY, "/admin/retention").get(), 403);
        assertJsonError(put(QUERY_KEY, "{\"days\": 7}"), 403);
        assertJsonError(fixture.as(QUERY_KEY, "/admin/retention").delete(), 403);
        assertJsonError(fixture.anonymous("/admin/retention").get(), 401);
        assertThat(fixture.retentionPolicies.list()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"days\": 0}", "{\"days\": 3651}", "{\"days\": 7.5}", "{\"days\": \"7\"}", "{}",
            "{\"days\": 7, \"tenant\": \"globex\"}", "[7]", "{\"days\": 99999999999}"})
    void answers422NamingTheProblemOfABodyOfAnotherShapeAndChangesNothing(String body) {
        JsonNode error = assertJsonError(put(ADMIN_KEY, body), 422);

        assertThat(error.get("errors").get(0).asText()).containsAnyOf("days", "body", "tenant");
        assertThat(fixture.retentionPolicies.list()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{\"days\": 7", "days=7", "{\"days\": 7} {}"})
    void answers400ToABodyThatIsNotJson(String body) {
        assertJsonError(put(ADMIN_KEY, body), 400);
        assertThat(fixture.retentionPolicies.list()).isEmpty();
    }

    private Response put(String key, String body) {
        return fixture.as(key, "/admin/retention").put(Entity.entity(body, MediaType.APPLICATION_JSON_TYPE));
    }

    private static void assertRetention(Response response, int days, String source) {
        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("tenant").asText()).isEqualTo(TENANT);
        assertThat(body.get("days").asInt()).isEqualTo(days);
        assertThat(body.get("source").asText()).isEqualTo(source);
    }
}
