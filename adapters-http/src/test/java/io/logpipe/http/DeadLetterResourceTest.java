package io.logpipe.http;

import static io.logpipe.http.HttpAdapterFixture.ADMIN_KEY;
import static io.logpipe.http.HttpAdapterFixture.OTHER_ADMIN_KEY;
import static io.logpipe.http.HttpAdapterFixture.OTHER_TENANT;
import static io.logpipe.http.HttpAdapterFixture.QUERY_KEY;
import static io.logpipe.http.HttpAdapterFixture.TENANT;
import static io.logpipe.http.HttpAdapterFixture.assertJsonError;
import static io.logpipe.http.HttpAdapterFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.logpipe.domain.Attributes;
import io.logpipe.domain.AuditAction;
import io.logpipe.domain.AuditEvent;
import io.logpipe.domain.DeadLetter;
import io.logpipe.domain.Lease;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.StoredDeadLetter;
import io.logpipe.domain.testing.InMemoryDeadLetterStore;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(DropwizardExtensionsSupport.class)
class DeadLetterResourceTest {
    private static final Instant T0 = Instant.parse("2026-11-26T17:00:00.123456Z");

    private final HttpAdapterFixture fixture = new HttpAdapterFixture();
    private final ResourceExtension resources = fixture.resources;
    private final InMemoryDeadLetterStore deadLetters = fixture.queue.deadLetterStore();

    @Test
    void listsTheTenantsDeadLettersWithEveryFieldInSnakeCase() {
        LogEntry entry = setAside(TENANT, "checkout");
        setAside(OTHER_TENANT, "billing");

        Response response = fixture.as(ADMIN_KEY, "/admin/dead-letters").get();

        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(fieldNames(body)).containsExactlyInAnyOrder("dead_letters", "next_cursor");
        assertThat(body.get("next_cursor").isNull()).isTrue();
        assertThat(body.get("dead_letters")).hasSize(1);
        JsonNode letter = body.get("dead_letters").get(0);
        assertThat(fieldNames(letter)).containsExactlyInAnyOrder("id", "tenant", "entries", "payload", "reason",
                "code", "deliveries", "set_aside_at");
        assertThat(letter.get("id").asText()).isEqualTo(deadLetters.held().get(0).id());
        assertThat(letter.get("tenant").asText()).isEqualTo(TENANT);
        assertThat(letter.get("entries")).hasSize(1);
        assertThat(letter.get("entries").get(0).get("id").asText()).isEqualTo(entry.id().toString());
        assertThat(letter.get("entries").get(0).get("timestamp").asText()).isEqualTo("2026-11-26T17:00:00.123456Z");
        assertThat(letter.get("payload").asText()).isNotEmpty();
        assertThat(letter.get("reason").asText()).isEqualTo("PostgreSQL refused it");
        assertThat(letter.get("code").asText()).isEqualTo("22021");
        assertThat(letter.get("deliveries").asInt()).isEqualTo(2);
        assertThat(Rfc3339.parse(letter.get("set_aside_at").asText())).isNotNull();
    }

    @Test
    void pagesThroughDeadLettersOldestFirstWithTheCursor() {
        List<String> services = List.of("a", "b", "c", "d", "e");
        services.forEach(service -> setAside(TENANT, service));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String path = "/admin/dead-letters?limit=2" + (cursor == null ? "" : "&cursor=" + cursor);
            JsonNode body = json(fixture.as(ADMIN_KEY, path).get());
            body.get("dead_letters").forEach(letter -> seen.add(letter.get("entries").get(0).get("service").asText()));
            cursor = body.get("next_cursor").isNull() ? null : body.get("next_cursor").asText();
            pages++;
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(services);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void showsOneDeadLetterById() {
        setAside(TENANT, "checkout");
        String id = deadLetters.held().get(0).id();

        Response response = fixture.as(ADMIN_KEY, "/admin/dead-letters/" + id).get();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(json(response).get("id").asText()).isEqualTo(id);
    }

    @Test
    void answersAnotherTenantsDeadLetterAndAnUndecodableRecordAsUnknown() {
        setAside(OTHER_TENANT, "billing");
        String othersId = deadLetters.held().get(0).id();
        String undecodable = deadLetters.setAsideUndecodable("garbage", "not a record document");

        for (String id : List.of(othersId, undecodable, "no-such-id")) {
            JsonNode error = assertJsonError(fixture.as(ADMIN_KEY, "/admin/dead-letters/" + id).get(), 404);
            assertThat(error.get("message").asText()).contains(id);
            assertJsonError(fixture.as(ADMIN_KEY, "/admin/dead-letters/" + id).delete(), 404);
        }
        assertThat(json(fixture.as(ADMIN_KEY, "/admin/dead-letters").get()).get("dead_letters")).isEmpty();
        assertThat(deadLetters.held()).hasSize(2);
    }

    @Test
    void replaysTheGivenIdsBackIntoTheQueueAndNamesTheOnesItCouldNot() {
        LogEntry mine = setAside(TENANT, "checkout");
        setAside(OTHER_TENANT, "billing");
        String myId = deadLetters.held().get(0).id();
        String othersId = deadLetters.held().get(1).id();

        Response response = post("/admin/dead-letters/replay",
                "{\"ids\": [\"" + myId + "\", \"" + othersId + "\", \"" + myId + "\"]}");

        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("replayed").asInt()).isEqualTo(1);
        assertThat(body.get("not_found")).extracting(JsonNode::asText).containsExactly(othersId);
        assertThat(body.get("undecodable")).isEmpty();
        assertThat(fixture.queue.lease("worker-1", 10, Duration.ZERO).entries()).containsExactly(mine);

        JsonNode again = json(post("/admin/dead-letters/replay", "{\"ids\": [\"" + myId + "\"]}"));
        assertThat(again.get("replayed").asInt()).isZero();
        assertThat(again.get("not_found")).extracting(JsonNode::asText).containsExactly(myId);
    }

    @Test
    void replaysAllOfTheCallersDeadLettersAndNoneOfAnotherTenants() {
        setAside(TENANT, "a");
        setAside(TENANT, "b");
        setAside(OTHER_TENANT, "c");

        JsonNode body = json(post("/admin/dead-letters/replay", "{\"all\": true}"));

        assertThat(body.get("replayed").asInt()).isEqualTo(2);
        assertThat(deadLetters.held()).extracting(StoredDeadLetter::tenant).containsExactly(OTHER_TENANT);
        assertThat(fixture.queue.lease("worker-1", 10, Duration.ZERO).entries()).extracting(LogEntry::service)
                .containsExactly("a", "b");
    }

    @Test
    void purgesOneDeadLetterWithDelete() {
        setAside(TENANT, "checkout");
        String id = deadLetters.held().get(0).id();

        Response response = fixture.as(ADMIN_KEY, "/admin/dead-letters/" + id).delete();

        assertThat(response.getStatus()).isEqualTo(204);
        assertThat(deadLetters.held()).isEmpty();
        assertJsonError(fixture.as(ADMIN_KEY, "/admin/dead-letters/" + id).get(), 404);
        assertJsonError(fixture.as(ADMIN_KEY, "/admin/dead-letters/" + id).delete(), 404);
    }

    @Test
    void purgesTheGivenIdsOrAllOfTheCallersDeadLetters() {
        setAside(TENANT, "a");
        setAside(TENANT, "b");
        setAside(TENANT, "c");
        setAside(OTHER_TENANT, "d");
        String first = deadLetters.held().get(0).id();

        JsonNode some = json(post("/admin/dead-letters/purge", "{\"ids\": [\"" + first + "\", \"dl-999\"]}"));
        JsonNode rest = json(post("/admin/dead-letters/purge", "{\"all\": true}"));

        assertThat(some.get("purged").asInt()).isEqualTo(1);
        assertThat(some.get("not_found")).extracting(JsonNode::asText).containsExactly("dl-999");
        assertThat(rest.get("purged").asInt()).isEqualTo(2);
        assertThat(deadLetters.held()).extracting(StoredDeadLetter::tenant).containsExactly(OTHER_TENANT);
    }

    @Test
    void auditsReplaysAndPurgesWithTheCallerAndItsAddress() {
        setAside(TENANT, "a");
        fixture.from("198.51.100.7", ADMIN_KEY, "/admin/dead-letters/replay").post(Entity.json("{\"all\": true}"));
        setAside(TENANT, "b");
        String id = deadLetters.held().get(0).id();

        assertThat(fixture.from("198.51.100.8", ADMIN_KEY, "/admin/dead-letters/" + id).delete().getStatus())
                .isEqualTo(204);

        assertThat(fixture.audit.all()).extracting(AuditEvent::action, AuditEvent::target, AuditEvent::actor,
                        AuditEvent::tenant, AuditEvent::remoteAddress)
                .containsExactly(
                        tuple(AuditAction.DEAD_LETTERS_REPLAY, "all", "k-admin", TENANT, "198.51.100.7"),
                        tuple(AuditAction.DEAD_LETTERS_PURGE, id, "k-admin", TENANT, "198.51.100.8"));
    }

    @Test
    void refusesEveryActionToAKeyWithoutTheAdminRole() {
        setAside(TENANT, "checkout");
        String id = deadLetters.held().get(0).id();

        List<Response> responses = List.of(
                fixture.as(QUERY_KEY, "/admin/dead-letters").get(),
                fixture.as(QUERY_KEY, "/admin/dead-letters/" + id).get(),
                fixture.as(QUERY_KEY, "/admin/dead-letters/" + id).delete(),
                fixture.as(QUERY_KEY, "/admin/dead-letters/replay").post(Entity.json("{\"all\": true}")),
                fixture.as(QUERY_KEY, "/admin/dead-letters/purge").post(Entity.json("{\"all\": true}")));

        for (Response response : responses) {
            JsonNode error = assertJsonError(response, 403);
            assertThat(error.get("errors").toString()).contains("'admin' role");
        }
        assertThat(deadLetters.held()).hasSize(1);
        assertThat(fixture.queue.held()).isZero();
    }

    @Test
    void answersAnUnknownKeyWith401() {
        assertJsonError(fixture.anonymous("/admin/dead-letters").get(), 401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"ids\": []}", "{\"ids\": \"dl-1\"}", "{\"ids\": [1]}", "{\"ids\": [\"\"]}",
            "{\"ids\": [\"a b\"]}", "{\"ids\": [\"\\ud800\"]}", "{\"all\": false}", "{\"all\": \"true\"}",
            "{\"ids\": [\"dl-1\"], \"all\": true}", "{\"id\": \"dl-1\"}", "[\"dl-1\"]", "\"dl-1\"", "null"})
    void answersABodyOfAnotherShapeWith422AndDoesNothing(String body) {
        setAside(TENANT, "checkout");

        for (String path : List.of("/admin/dead-letters/replay", "/admin/dead-letters/purge")) {
            JsonNode error = assertJsonError(post(path, body), 422);
            assertThat(error.get("errors")).isNotEmpty();
        }
        assertThat(deadLetters.held()).hasSize(1);
        assertThat(fixture.queue.held()).isZero();
    }

    @Test
    void namesEveryProblemOfABodyAtOnce() {
        JsonNode error = assertJsonError(post("/admin/dead-letters/replay", "{\"ids\": [1, \"dl-1\", {}], \"x\": 2}"),
                422);

        assertThat(error.get("errors")).extracting(JsonNode::asText)
                .anyMatch(line -> line.startsWith("ids[0]:"))
                .anyMatch(line -> line.startsWith("ids[2]:"))
                .anyMatch(line -> line.startsWith("x: unknown field"));
    }

    @Test
    void refusesMoreIdsThanOneRequestMayName() {
        String ids = IntStream.range(0, DeadLetterSelectionRequest.MAX_IDS + 1).mapToObj(i -> "\"dl-" + i + "\"")
                .collect(Collectors.joining(","));

        JsonNode error = assertJsonError(post("/admin/dead-letters/purge", "{\"ids\": [" + ids + "]}"), 422);

        assertThat(error.get("errors").get(0).asText()).startsWith("ids: at most 1000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "not json", "{\"all\": true} {}", "{\"all\": true, \"all\": true}"})
    void answersABodyThatIsNotJsonWith400(String body) {
        setAside(TENANT, "checkout");

        JsonNode error = assertJsonError(post("/admin/dead-letters/replay", body), 400);

        assertThat(error.get("errors").get(0).asText()).contains("{\"ids\"");
        assertThat(deadLetters.held()).hasSize(1);
    }

    @Test
    void answersABodyOverTheLimitWith413() {
        String huge = "{\"ids\": [\"" + "x".repeat((int) DeadLetterSelectionRequest.MAX_BODY_BYTES) + "\"]}";

        assertJsonError(post("/admin/dead-letters/replay", huge), 413);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "ten"})
    void rejectsALimitOutsideOneToTheMaximum(String limit) {
        JsonNode error = assertJsonError(fixture.as(ADMIN_KEY, "/admin/dead-letters?limit=" + limit).get(), 422);

        assertThat(error.get("errors").get(0).asText()).isEqualTo("limit: must be a whole number from 1 to 100");
    }

    @Test
    void rejectsACursorThisServerDidNotMake() {
        JsonNode error = assertJsonError(fixture.as(ADMIN_KEY, "/admin/dead-letters?cursor=garbage").get(), 422);

        assertThat(error.get("errors").get(0).asText()).startsWith("cursor:");
    }

    @Test
    void answersAnotherTenantsAdminOnlyWithItsOwnDeadLetters() {
        setAside(TENANT, "a");
        setAside(OTHER_TENANT, "b");

        JsonNode body = json(fixture.as(OTHER_ADMIN_KEY, "/admin/dead-letters").get());

        assertThat(body.get("dead_letters")).extracting(letter -> letter.get("tenant").asText())
                .containsExactly(OTHER_TENANT);
    }

    private LogEntry setAside(String tenant, String service) {
        LogEntry entry = new LogEntry(UUID.randomUUID(), tenant, T0, T0, service, Level.ERROR, "bad \u0000 byte",
                Attributes.none(), null, null, null);
        fixture.queue.enqueue(List.of(entry), 1_000);
        Lease lease = fixture.queue.lease("worker-0", 10, Duration.ZERO);
        fixture.queue.acknowledge(lease, List.of(new DeadLetter(entry, "PostgreSQL refused it", "22021", 2)));
        return entry;
    }

    private Response post(String path, String body) {
        return fixture.as(ADMIN_KEY, path).post(Entity.entity(body, MediaType.APPLICATION_JSON_TYPE));
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
