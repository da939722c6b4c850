package io.logpipe.http;

import static io.logpipe.http.HttpAdapterFixture.ADMIN_KEY;
import static io.logpipe.http.HttpAdapterFixture.DEFAULT_ADDRESS;
import static io.logpipe.http.HttpAdapterFixture.INGEST_KEY;
import static io.logpipe.http.HttpAdapterFixture.NOW;
import static io.logpipe.http.HttpAdapterFixture.OTHER_ADMIN_KEY;
import static io.logpipe.http.HttpAdapterFixture.OTHER_TENANT;
import static io.logpipe.http.HttpAdapterFixture.QUERY_KEY;
import static io.logpipe.http.HttpAdapterFixture.TENANT;
import static io.logpipe.http.HttpAdapterFixture.assertJsonError;
import static io.logpipe.http.HttpAdapterFixture.errors;
import static io.logpipe.http.HttpAdapterFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.logpipe.domain.AuditAction;
import io.logpipe.domain.AuditEvent;
import io.logpipe.domain.AuditOutcome;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(DropwizardExtensionsSupport.class)
class AuditResourceTest {
    private final HttpAdapterFixture fixture = new HttpAdapterFixture();
    private final ResourceExtension resources = fixture.resources;

    @Test
    void showsTheTenantsEventsNewestFirstWithEveryField() {
        String keyId = createKey(ADMIN_KEY);
        fixture.from("198.51.100.7", ADMIN_KEY, "/admin/retention").put(Entity.json("{\"days\": 7}"));

        Response response = fixture.as(ADMIN_KEY, "/admin/audit").get();

        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode page = json(response);
        assertThat(page.get("next_cursor").isNull()).isTrue();
        JsonNode retention = page.get("events").get(0);
        JsonNode created = page.get("events").get(1);
        assertThat(page.get("events")).hasSize(2);
        assertThat(retention.get("action").asText()).isEqualTo("retention.change");
        assertThat(retention.get("remote_address").asText()).isEqualTo("198.51.100.7");
        assertThat(retention.get("detail").asText()).endsWith("-> 7");
        assertThat(created.get("id").asLong()).isLessThan(retention.get("id").asLong());
        assertThat(created.get("at").asText()).isEqualTo(NOW.toString());
        assertThat(created.get("actor").asText()).isEqualTo("k-admin");
        assertThat(created.get("tenant").asText()).isEqualTo(TENANT);
        assertThat(created.get("action").asText()).isEqualTo("key.create");
        assertThat(created.get("target").asText()).isEqualTo(keyId);
        assertThat(created.get("outcome").asText()).isEqualTo("success");
        assertThat(created.get("remote_address").asText()).isEqualTo(DEFAULT_ADDRESS);
        assertThat(created.get("detail").asText()).isEqualTo("roles ingest");
    }

    @Test
    void pagesThroughEveryEventOnceWithTheCursor() {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(createKey(ADMIN_KEY));
        }

        List<JsonNode> pages = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = json(fixture.as(ADMIN_KEY, "/admin/audit?limit=2" + (cursor == null ? "" : "&cursor="
                    + cursor)).get());
            pages.add(page);
            page.get("events").forEach(event -> targets.add(event.get("target").asText()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null && pages.size() < 10);

        assertThat(pages).extracting(page -> page.get("events").size()).containsExactly(2, 2, 1);
        Collections.reverse(made);
        assertThat(targets).containsExactlyElementsOf(made);
    }

    @Test
    void showsOnlyEventsOfTheActionAskedFor() {
        String keyId = createKey(ADMIN_KEY);
        createKey(ADMIN_KEY);
        fixture.as(ADMIN_KEY, "/admin/keys/" + keyId).delete();

        JsonNode page = json(fixture.as(ADMIN_KEY, "/admin/audit?action=key.revoke").get());

        assertThat(page.get("events")).singleElement().satisfies(event -> {
            assertThat(event.get("action").asText()).isEqualTo("key.revoke");
            assertThat(event.get("target").asText()).isEqualTo(keyId);
        });
    }

    @Test
    void neverShowsAnotherTenantsEvents() {
        String mine = createKey(ADMIN_KEY);
        String theirs = createKey(OTHER_ADMIN_KEY);

        String myTrail = fixture.as(ADMIN_KEY, "/admin/audit").get().readEntity(String.class);
        JsonNode theirTrail = json(fixture.as(OTHER_ADMIN_KEY, "/admin/audit").get());

        assertThat(myTrail).contains(mine).doesNotContain(theirs).doesNotContain(OTHER_TENANT);
        assertThat(theirTrail.get("events")).singleElement()
                .satisfies(event -> assertThat(event.get("target").asText()).isEqualTo(theirs));
    }

    @Test
    void recordsAKeyRefusedForItsSecretInTheTenantOfTheKeyItNamed() {
        JsonNode made = json(fixture.as(ADMIN_KEY, "/admin/keys").post(Entity.json("{\"roles\": [\"ingest\"]}")));
        String key = made.get("key").asText();
        String wrongSecret = key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A");

        assertJsonError(fixture.from("203.0.113.9", wrongSecret, "/ingest").post(Entity.json("{}")), 401);

        JsonNode page = json(fixture.as(ADMIN_KEY, "/admin/audit?action=auth.denied").get());
        assertThat(page.get("events")).singleElement().satisfies(event -> {
            assertThat(event.get("target").asText()).isEqualTo(made.get("key_id").asText());
            assertThat(event.get("outcome").asText()).isEqualTo("denied");
            assertThat(event.get("remote_address").asText()).isEqualTo("203.0.113.9");
            assertThat(event.get("detail").asText()).contains("wrong secret");
        });
        assertThat(page.toString()).doesNotContain(wrongSecret);
    }

    @Test
    void recordsAKeyRefusedForARoleItLacksWithTheRequest() {
        assertJsonError(fixture.from("203.0.113.9", QUERY_KEY, "/ingest").post(Entity.json("{}")), 403);
        assertJsonError(fixture.as(INGEST_KEY, "/admin/keys/0123456789abcdef").delete(), 403);

        assertThat(fixture.audit.all()).extracting(AuditEvent::action, AuditEvent::outcome, AuditEvent::actor,
                        AuditEvent::remoteAddress)
                .containsExactly(
                        tuple(AuditAction.AUTH_DENIED, AuditOutcome.DENIED, "k-query",
                                "203.0.113.9"),
                        tuple(AuditAction.AUTH_DENIED, AuditOutcome.DENIED, "k-ingest",
                                DEFAULT_ADDRESS));
        assertThat(fixture.audit.all()).extracting(AuditEvent::detail)
                .containsExactly("role missing for POST /ingest",
                        "role missing for DELETE /admin/keys/0123456789abcdef");
    }

    @Test
    void refusesAKeyWithoutTheAdminRole() {
        assertJsonError(fixture.as(QUERY_KEY, "/admin/audit").get(), 403);
        assertJsonError(fixture.anonymous("/admin/audit").get(), 401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"?tenant=globex", "?cursor=abc", "?cursor=0", "?cursor=-5", "?cursor=007",
            "?cursor=1&cursor=2", "?limit=5&before=3"})
    void answers400ToAnUnknownParameterOrACursorThisApiDidNotMake(String query) {
        JsonNode error = assertJsonError(fixture.as(ADMIN_KEY, "/admin/audit" + query).get(), 400);

        assertThat(errors(error).get(0)).matches("(tenant|cursor|before): .*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"?limit=0", "?limit=1001", "?limit=ten", "?limit=1.5", "?action=key.destroy",
            "?action=key.create&action=key.revoke"})
    void answers422ToALimitOrActionThatIsNotOne(String query) {
        JsonNode error = assertJsonError(fixture.as(ADMIN_KEY, "/admin/audit" + query).get(), 422);

        assertThat(errors(error)).singleElement().satisfies(line -> assertThat(line).matches("(limit|action): .*"));
    }

    @Test
    void namesABadLimitAndABadActionAtOnce() {
        JsonNode error = assertJsonError(fixture.as(ADMIN_KEY, "/admin/audit?limit=0&action=nope").get(), 422);

        assertThat(errors(error)).hasSize(2);
    }

    @Test
    void takesLimitsFromOneToAThousand() {
        createKey(ADMIN_KEY);
        createKey(ADMIN_KEY);

        assertThat(json(fixture.as(ADMIN_KEY, "/admin/audit?limit=1").get()).get("events")).hasSize(1);
        assertThat(json(fixture.as(ADMIN_KEY, "/admin/audit?limit=1000&action=KEY.CREATE").get()).get("events"))
                .hasSize(2);
    }

    private String createKey(String adminKey) {
        Response response = fixture.as(adminKey, "/admin/keys").post(Entity.json("{\"roles\": [\"ingest\"]}"));
        assertThat(response.getStatus()).isEqualTo(201);
        return json(response).get("key_id").asText();
    }
}
