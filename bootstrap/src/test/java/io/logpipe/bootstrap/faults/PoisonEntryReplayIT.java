package io.logpipe.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.logpipe.bootstrap.faults.LogpipeJar.ApiKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Poison under load: records put straight into the queue's stream, each a tenant's good entries around two that
 * PostgreSQL refuses for good (a message with U+0000, SQLSTATE 22021, and an entry a CHECK constraint added for the
 * test refuses, 23514), while two tenants' load goes through HTTP; the write gate holds the worker back meanwhile, so
 * that one lease takes the poison among hundreds of good entries. Only the refused entries become dead letters, each
 * with its SQLSTATE, seen by its own tenant's admin key and by the operator's {@code dead-letters list}; everything
 * else is stored exactly once. Once the constraint is dropped, a replay through the admin API (one tenant) and through
 * {@code dead-letters replay} (the other) stores each constrained entry once, a second replay of the same ids does
 * nothing, and the NUL entries, still refused, are set aside again under new ids. A purge leaves no dead letter.
 */
class PoisonEntryReplayIT {
    private static final String TENANT_A = "poison-a";
    private static final String TENANT_B = "poison-b";
    /** The service the added CHECK constraint refuses; only this test's poison records carry it. */
    private static final String BLOCKED_SERVICE = "blocked-until-fixed";
    private static final String CONSTRAINT = "poison_replay_blocked";
    private static final String NUL_REFUSED = "22021";
    private static final String CHECK_REFUSED = "23514";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** A line of {@code dead-letters list}: id, tenant, reason, code, deliveries, set aside at. */
    private static final Pattern LISTED = Pattern.compile("\\d+\\.\\d+-\\d+\t.*");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    @RegisterExtension
    final FaultHarness harness = new FaultHarness();

    @Test
    void onlyRefusedEntriesBecomeDeadLettersOfTheirTenantAndOnceFixedAReplayStoresThemOnce() throws Exception {
        ApiKey ingestA = harness.createKey(TENANT_A);
        ApiKey ingestB = harness.createKey(TENANT_B);
        ApiKey adminA = harness.createKey(TENANT_A, "admin");
        ApiKey adminB = harness.createKey(TENANT_B, "admin");
        sql("ALTER TABLE log_entries ADD CONSTRAINT " + CONSTRAINT + " CHECK (service <> '" + BLOCKED_SERVICE
                + "')");
        LogpipeProcess logpipe = harness.logpipe("logpipe", "api,worker").start("worker");
        LoadClient loadA = harness.load(logpipe, ingestA, 20, Duration.ofMillis(20)).start();
        LoadClient loadB = harness.load(logpipe, ingestB, 20, Duration.ofMillis(20)).start();
        await().atMost(PATIENCE).until(() -> loadA.acceptedEntries() >= 500 && loadB.acceptedEntries() >= 500
                && DeliveryCheck.storedCount(harness.postgres(), TENANT_A) > 0
                && DeliveryCheck.storedCount(harness.postgres(), TENANT_B) > 0);

        Poison poisonA;
        Poison poisonB;
        // Both worker threads (config.yml's default of two) held at the gate with a lease each, so the poison records
        // queue up between the loads' records and are leased among them once the gate opens.
        try (WriteGate gate = WriteGate.hold(harness.postgres())) {
            gate.awaitWaitingWriters(2);
            poisonA = Poison.queue(harness.queue(), TENANT_A);
            awaitMoreAccepted(loadA, loadB);
            poisonB = Poison.queue(harness.queue(), TENANT_B);
            awaitMoreAccepted(loadA, loadB);
        }

        Admin apiA = new Admin(logpipe, adminA);
        Admin apiB = new Admin(logpipe, adminB);
        SetAside setAsideA = apiA.awaitSetAside(poisonA);
        SetAside setAsideB = apiB.awaitSetAside(poisonB);
        assertThat(apiA.deadLetters()).as("tenant a's dead letters").hasSize(2);
        assertThat(apiB.deadLetters()).as("tenant b's dead letters").hasSize(2);
        setAsideA.assertAsRefused(poisonA);
        setAsideB.assertAsRefused(poisonB);
        assertOnlyItsTenantsAdminSeesIt(apiA, apiB, setAsideA, ingestA);
        assertOnlyItsTenantsAdminSeesIt(apiB, apiA, setAsideB, ingestB);
        Map<String, List<String>> listed = listedByCommand(logpipe);
        assertThat(listed).as("dead-letters list: every tenant's dead letters, as id -> [tenant, code]")
                .containsOnly(
                        Map.entry(setAsideA.nulLetter(), List.of(TENANT_A, NUL_REFUSED)),
                        Map.entry(setAsideA.blockedLetter(), List.of(TENANT_A, CHECK_REFUSED)),
                        Map.entry(setAsideB.nulLetter(), List.of(TENANT_B, NUL_REFUSED)),
                        Map.entry(setAsideB.blockedLetter(), List.of(TENANT_B, CHECK_REFUSED)));
        assertThat(logpipe.metric("logpipe_dead_letter_entries")).isEqualTo(4.0);

        sql("ALTER TABLE log_entries DROP CONSTRAINT " + CONSTRAINT);
        JsonNode replayedA = apiA.replay(setAsideA.letters());
        assertThat(replayedA.get("replayed").asLong()).as("replayed through the API").isEqualTo(2);
        assertThat(replayedA.get("not_found")).isEmpty();
        assertThat(logpipe.command(replayCommand(setAsideB.letters())))
                .as("dead-letters replay").contains("replayed 2");

        await("the replayed constrained entries to be stored").atMost(PATIENCE)
                .until(() -> isStored(TENANT_A, poisonA.blocked()) && isStored(TENANT_B, poisonB.blocked()));
        String nulAgainA = apiA.awaitSetAsideAgain(poisonA.nul(), setAsideA.nulLetter());
        String nulAgainB = apiB.awaitSetAsideAgain(poisonB.nul(), setAsideB.nulLetter());

        JsonNode againA = apiA.replay(setAsideA.letters());
        assertThat(againA.get("replayed").asLong()).as("replayed again through the API").isZero();
        assertThat(againA.get("not_found")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrderElementsOf(setAsideA.letters());
        assertThat(logpipe.command(replayCommand(setAsideB.letters()))).as("dead-letters replay, again")
                .anySatisfy(line -> assertThat(line).startsWith("replayed 0; not found: ")
                        .contains(setAsideB.letters()));
        loadA.stop();
        loadB.stop();

        DeliveryCheck.assertEveryAcceptedEntryStoredOnce(loadA, harness.postgres(), harness.queue(),
                poisonA.storable());
        DeliveryCheck.assertEveryAcceptedEntryStoredOnce(loadB, harness.postgres(), harness.queue(),
                poisonB.storable());
        assertStoredOnceAndNulNowhere(poisonA);
        assertStoredOnceAndNulNowhere(poisonB);
        assertThat(apiA.deadLetters()).as("tenant a's dead letters after the replays")
                .extracting(letter -> letter.get("id").asText()).containsExactly(nulAgainA);
        assertThat(apiB.deadLetters()).as("tenant b's dead letters after the replays")
                .extracting(letter -> letter.get("id").asText()).containsExactly(nulAgainB);
        assertThat(logpipe.metric("logpipe_dead_letter_entries")).isEqualTo(2.0);

        assertThat(apiA.purgeAll().get("purged").asLong()).as("purged through the API").isEqualTo(1);
        assertThat(logpipe.command("dead-letters", "purge", "--all", "--tenant", TENANT_B))
                .as("dead-letters purge").contains("purged 1");
        assertThat(apiA.deadLetters()).isEmpty();
        assertThat(apiB.deadLetters()).isEmpty();
        assertThat(logpipe.metric("logpipe_dead_letter_entries")).isZero();
    }

    private static void awaitMoreAccepted(LoadClient... loads) {
        long from = System.nanoTime();
        await().atMost(PATIENCE).until(() -> Stream.of(loads).allMatch(load -> load.acceptedSince(from) >= 100));
    }

    private static void assertOnlyItsTenantsAdminSeesIt(Admin own, Admin other, SetAside setAside,
            ApiKey withoutAdmin) throws Exception {
        for (String letter : setAside.letters()) {
            assertThat(own.status("GET", "/admin/dead-letters/" + letter)).isEqualTo(200);
            assertThat(other.status("GET", "/admin/dead-letters/" + letter))
                    .as("another tenant's admin inspecting %s", letter).isEqualTo(404);
        }
        assertThat(other.deadLetters()).extracting(letter -> letter.get("id").asText())
                .doesNotContainAnyElementsOf(setAside.letters());
        assertThat(new Admin(own.logpipe, withoutAdmin).status("GET", "/admin/dead-letters"))
                .as("a key without the admin role").isEqualTo(403);
    }

    /** What {@code dead-letters list} prints, every tenant's: id -> [tenant, code]. */
    private static Map<String, List<String>> listedByCommand(LogpipeProcess logpipe) {
        return logpipe.command("dead-letters", "list").stream()
                .filter(line -> LISTED.matcher(line).matches())
                .map(line -> line.split("\t", -1))
                .peek(fields -> assertThat(fields).as("a line of dead-letters list").hasSize(6))
                .collect(Collectors.toMap(fields -> fields[0], fields -> List.of(fields[1], fields[3])));
    }

    private static String[] replayCommand(List<String> letters) {
        List<String> arguments = new ArrayList<>(List.of("dead-letters", "replay"));
        letters.forEach(letter -> arguments.addAll(List.of("--id", letter)));
        return arguments.toArray(String[]::new);
    }

    private boolean isStored(String tenant, UUID id) {
        return DeliveryCheck.storedMessages(harness.postgres(), tenant).containsKey(id);
    }

    /** Every storable entry of the poison records stored exactly once, as sent; the NUL entry under no tenant. */
    private void assertStoredOnceAndNulNowhere(Poison poison) {
        Map<UUID, List<String>> stored = DeliveryCheck.storedMessages(harness.postgres(), poison.tenant());
        for (UUID id : poison.storable()) {
            assertThat(stored.get(id)).as("times entry %s of tenant %s is stored, and its message", id,
                    poison.tenant()).containsExactly(LoadClient.messageOf(id));
        }
        for (String tenant : List.of(TENANT_A, TENANT_B)) {
            assertThat(DeliveryCheck.storedMessages(harness.postgres(), tenant)).as("NUL entry stored for %s", tenant)
                    .doesNotContainKey(poison.nul());
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection connection = harness.postgres().connect(); Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }

    /**
     * A record put straight into the stream: three good entries of {@code tenant} around one whose message holds
     * U+0000 and one of the service the CHECK constraint refuses. Every message but the NUL one is
     * {@link LoadClient#messageOf}, so {@link DeliveryCheck} can tell the stored ones arrived intact.
     */
    private record Poison(String tenant, List<UUID> good, UUID nul, UUID blocked) {

        static Poison queue(QueueState queue, String tenant) {
            Poison poison = new Poison(tenant, List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()),
                    UUID.randomUUID(), UUID.randomUUID());
            String now = Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
            ObjectNode batch = JSON.createObjectNode().put("v", 2).put("tenant", tenant).put("received_at", now);
            ArrayNode entries = batch.putArray("entries");
            entry(entries, poison.good.get(0), now, "fault-test", LoadClient.messageOf(poison.good.get(0)));
            entry(entries, poison.nul, now, "fault-test", poison.nulMessage());
            entry(entries, poison.good.get(1), now, "fault-test", LoadClient.messageOf(poison.good.get(1)));
            entry(entries, poison.blocked, now, BLOCKED_SERVICE, LoadClient.messageOf(poison.blocked));
            entry(entries, poison.good.get(2), now, "fault-test", LoadClient.messageOf(poison.good.get(2)));
            queue.addRecord(batch.toString(), entries.size());
            return poison;
        }

        String nulMessage() {
            return "refused: \u0000 " + LoadClient.messageOf(nul);
        }

        /** The entries PostgreSQL stores once the constraint is gone. */
        Set<UUID> storable() {
            Set<UUID> storable = new HashSet<>(good);
            storable.add(blocked);
            return storable;
        }

        private static void entry(ArrayNode entries, UUID id, String timestamp, String service, String message) {
            entries.addObject().put("id", id.toString()).put("timestamp", timestamp).put("service", service)
                    .put("level", "info").put("message", message).putObject("attributes");
        }
    }

    /** The dead letters, by their ids, that a poison record's two refused entries became. */
    private record SetAside(JsonNode nul, JsonNode blocked) {

        String nulLetter() {
            return nul.get("id").asText();
        }

        String blockedLetter() {
            return blocked.get("id").asText();
        }

        List<String> letters() {
            return List.of(nulLetter(), blockedLetter());
        }

        void assertAsRefused(Poison poison) {
            assertRefused(nul, poison, NUL_REFUSED, poison.nul(), poison.nulMessage());
            assertRefused(blocked, poison, CHECK_REFUSED, poison.blocked(), LoadClient.messageOf(poison.blocked()));
        }

        private static void assertRefused(JsonNode letter, Poison poison, String code, UUID entry, String message) {
            assertThat(letter.get("code").asText()).as("code of %s", letter).isEqualTo(code);
            assertThat(letter.get("reason").asText()).as("reason of %s", letter).contains(code);
            assertThat(letter.get("tenant").asText()).isEqualTo(poison.tenant());
            assertThat(letter.get("deliveries").asInt()).isPositive();
            assertThat(letter.get("entries")).as("entries of %s", letter).singleElement().satisfies(only -> {
                assertThat(only.get("id").asText()).isEqualTo(entry.toString());
                assertThat(only.get("message").asText()).isEqualTo(message);
            });
        }
    }

    /** The admin API of the running process, as one tenant's key sees it. */
    private static final class Admin {
        private final LogpipeProcess logpipe;
        private final ApiKey key;

        Admin(LogpipeProcess logpipe, ApiKey key) {
            this.logpipe = logpipe;
            this.key = key;
        }

        /** Waits until both refused entries of {@code poison} are dead letters this key sees. */
        SetAside awaitSetAside(Poison poison) {
            return await("the refused entries of " + poison.tenant() + " to be set aside").atMost(PATIENCE)
                    .until(() -> {
                        Optional<JsonNode> nul = letterOf(poison.nul());
                        Optional<JsonNode> blocked = letterOf(poison.blocked());
                        return nul.isPresent() && blocked.isPresent()
                                ? Optional.of(new SetAside(nul.get(), blocked.get())) : Optional.<SetAside>empty();
                    }, Optional::isPresent).orElseThrow();
        }

        /** Waits until {@code entry}, replayed from the dead letter {@code was}, is set aside again; its new id. */
        String awaitSetAsideAgain(UUID entry, String was) {
            JsonNode letter = await("entry " + entry + " to be set aside again").atMost(PATIENCE)
                    .until(() -> letterOf(entry), found -> found.isPresent()
                            && !found.get().get("id").asText().equals(was))
                    .orElseThrow();
            assertThat(letter.get("code").asText()).isEqualTo(NUL_REFUSED);
            return letter.get("id").asText();
        }

        /** Every dead letter the key sees, page by page. */
        List<JsonNode> deadLetters() throws IOException, InterruptedException {
            List<JsonNode> letters = new ArrayList<>();
            String cursor = null;
            do {
                Reply page = call("GET", "/admin/dead-letters?limit=100" + (cursor == null ? "" : "&cursor=" + cursor),
                        null);
                assertThat(page.status()).as("listing dead letters: %s", page.json()).isEqualTo(200);
                page.json().get("dead_letters").forEach(letters::add);
                cursor = page.json().get("next_cursor").isNull() ? null : page.json().get("next_cursor").asText();
            } while (cursor != null);
            return letters;
        }

        JsonNode replay(List<String> letters) throws IOException, InterruptedException {
            ObjectNode body = JSON.createObjectNode();
            letters.forEach(body.putArray("ids")::add);
            return ok(call("POST", "/admin/dead-letters/replay", body.toString()));
        }

        JsonNode purgeAll() throws IOException, InterruptedException {
            return ok(call("POST", "/admin/dead-letters/purge", "{\"all\": true}"));
        }

        int status(String method, String path) throws IOException, InterruptedException {
            return call(method, path, null).status();
        }

        private Optional<JsonNode> letterOf(UUID entry) throws IOException, InterruptedException {
            return deadLetters().stream()
                    .filter(letter -> StreamSupport.stream(letter.get("entries").spliterator(), false)
                            .anyMatch(one -> one.get("id").asText().equals(entry.toString())))
                    .findFirst();
        }

        private static JsonNode ok(Reply reply) {
            assertThat(reply.status()).as("answer %s", reply.json()).isEqualTo(200);
            return reply.json();
        }

        private Reply call(String method, String path, String body) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + logpipe.httpPort() + path))
                    .header("Authorization", "Bearer " + key.secret())
                    .timeout(Duration.ofSeconds(15))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            return new Reply(response.statusCode(), text.isBlank() ? JSON.nullNode() : JSON.readTree(text));
        }
    }

    private record Reply(int status, JsonNode json) {
    }
}
