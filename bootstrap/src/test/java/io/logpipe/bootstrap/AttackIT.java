package io.logpipe.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.logpipe.bootstrap.Api.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an attacker with network access, or with a key of another tenant, tries against the running application:
 * guessing and replaying keys, telling unknown ids from wrong secrets by timing, naming another tenant, and injecting
 * SQL through the search filters.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AttackIT {
    private static final Path DATA = TestDirectories.createDeletedOnExit("logpipe-attacks-");
    private static final Path CONFIG = TestConfig.write(DATA);
    private static final DropwizardAppExtension<LogpipeConfiguration> APP =
            new DropwizardAppExtension<>(LogpipeApplication.class, CONFIG.toString());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> INJECTIONS = List.of(
            "' OR '1'='1",
            "'; DROP TABLE log_entries; --",
            "\" OR 1=1 --",
            "%' OR tenant <> '",
            "1) OR (1=1",
            "$$; SELECT pg_sleep(5); $$",
            "' UNION SELECT key_id, secret_hash FROM api_keys --",
            "\\'; DELETE FROM api_keys; --",
            "*/ OR 1=1 /*",
            "victim' --");

    private static String victimService;
    private static String victimTenant;
    private static String attackerTenant;
    private static String attacker;
    private static String victim;
    private static Api api;

    @BeforeAll
    static void givenAVictimWithEntriesAndAnAttackerWithAKeyOfItsOwnTenant() throws Exception {
        api = new Api(APP);
        String run = UUID.randomUUID().toString().substring(0, 8);
        victimTenant = "victim-" + run;
        attackerTenant = "attacker-" + run;
        victim = KeysCli.createKey(CONFIG, victimTenant, "ingest,query,admin");
        attacker = KeysCli.createKey(CONFIG, attackerTenant, "ingest,query,admin");
        victimService = "payroll-" + run;
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/ingest", victim, "{\"service\":\"" + victimService
                    + "\",\"message\":\"salary " + i + "\",\"attributes\":{\"x\":\"secret\"}}").status()).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> victimEntries() == 3);
    }

    @Test
    void everyRefusedKeyGetsTheSameAnswer() throws Exception {
        String expiring = createKey(victim, "{\"roles\":[\"query\"],\"expires_at\":\""
                + Instant.now().plusSeconds(1) + "\"}");
        String revoked = createKey(victim, "{\"roles\":[\"query\"]}");
        api.delete("/admin/keys/" + keyId(revoked), victim);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/query", expiring).status() == 401
                && api.get("/query", revoked).status() == 401);
        List<String> refused = List.of("not-a-key", "lp_", "lp_0123456789abcdef_short", unknownKey(), wrongSecret(victim),
                expiring, revoked);

        Reply missing = api.get("/query", null);
        for (String key : refused) {
            Reply bearer = api.get("/query", key);
            Reply header = api.send("GET", "/query", null, null, "X-API-Key", key);
            assertThat(List.of(bearer, header)).allSatisfy(reply -> {
                assertThat(reply.status()).isEqualTo(401);
                assertThat(reply.body()).isEqualTo(missing.body());
                assertThat(reply.headers().get("www-authenticate")).isEqualTo(missing.headers().get("www-authenticate"));
            });
        }
    }

    @Test
    void anUnknownKeyIdTakesAboutAsLongAsAWrongSecret() {
        for (int i = 0; i < 50; i++) {
            api.get("/query", unknownKey());
            api.get("/query", wrongSecret(victim));
        }
        long[] unknown = new long[300];
        long[] wrong = new long[300];
        for (int i = 0; i < unknown.length; i++) {
            unknown[i] = timed(unknownKey());
            wrong[i] = timed(wrongSecret(victim));
        }

        double unknownMillis = median(unknown) / 1e6;
        double wrongMillis = median(wrong) / 1e6;
        // Generous on purpose: a timing test must never be flaky. It catches an answer that skips the hash, or a
        // lookup that costs a wrong secret far more than an unknown id; it cannot see microseconds.
        assertThat(Math.abs(unknownMillis - wrongMillis))
                .as("median %.2f ms for unknown ids, %.2f ms for wrong secrets", unknownMillis, wrongMillis)
                .isLessThan(Math.max(3.0, Math.max(unknownMillis, wrongMillis)));
    }

    @Test
    void noParameterHeaderOrBodyFieldReachesAnotherTenant() {
        String smuggled = "{\"tenant\":\"" + victimTenant + "\",\"service\":\"" + victimService
                + "\",\"message\":\"planted\"}";
        Reply planted = api.post("/ingest", attacker, smuggled);
        assertThat(planted.status()).as(planted.body()).isEqualTo(422);
        assertThat(planted.body()).contains("tenant");

        assertThat(api.get("/query?service=" + victimService + "&tenant=" + victimTenant, attacker).status())
                .isEqualTo(400);
        assertThat(api.post("/query", attacker, "{\"tenant\":\"" + victimTenant + "\",\"service\":[\""
                + victimService + "\"]}").status()).isEqualTo(400);
        for (String header : List.of("X-Tenant", "X-Logpipe-Tenant", "X-Scope-OrgID", "Tenant", "X-Forwarded-User")) {
            Reply reply = api.send("GET", "/query?service=" + victimService, attacker, null, header, victimTenant);
            assertThat(reply.status()).as(header).isEqualTo(200);
            assertThat(reply.json().get("entries")).as(header).isEmpty();
            Reply counts = api.send("GET", "/query/histogram?interval=1m&service=" + victimService, attacker, null,
                    header, victimTenant);
            assertThat(counts.body()).as(header).doesNotContain("\"count\":1").doesNotContain("\"count\":3");
        }
        assertThat(api.get("/admin/keys", attacker).body()).doesNotContain(victimTenant);
        assertThat(api.get("/admin/audit?limit=1000", attacker).body()).doesNotContain(victimTenant);
        assertThat(api.get("/admin/dead-letters", attacker).body()).doesNotContain(victimService);
        assertThat(victimEntries()).isEqualTo(3);
    }

    @Test
    void injectionStringsInEveryFilterChangeNoResultAndNeverFail() {
        List<String> parameters = List.of("service", "level", "host", "trace_id", "q", "attr.x", "attr.http.status",
                "min_level", "order", "cursor", "from", "to", "limit");
        List<String> answers = new ArrayList<>();
        for (String parameter : parameters) {
            for (String injection : INJECTIONS) {
                String value = URLEncoder.encode(injection, StandardCharsets.UTF_8);
                for (String path : List.of("/query?", "/query/histogram?interval=1h&")) {
                    Reply reply = api.get(path + parameter + "=" + value, victim);
                    answers.add(parameter + "=" + injection + " -> " + reply.status());
                    assertThat(reply.status()).as("%s%s=%s: %s", path, parameter, injection, reply)
                            .isIn(200, 400, 422);
                    if (reply.status() == 200 && path.startsWith("/query?")) {
                        assertThat(reply.json().get("entries")).as("%s=%s", parameter, injection).isEmpty();
                    }
                }
            }
        }
        for (String injection : INJECTIONS) {
            String text = new com.fasterxml.jackson.databind.node.TextNode(injection).toString();
            String body = "{\"service\":[" + text + "],\"q\":" + text + ",\"attributes\":{\"x\":" + text + "}}";
            Reply reply = api.post("/query", victim, body);
            assertThat(reply.status()).as("%s: %s", body, reply).isIn(200, 400, 422);
            if (reply.status() == 200) {
                assertThat(reply.json().get("entries")).isEmpty();
            }
        }
        assertThat(victimEntries()).as(String.join("\n", answers)).isEqualTo(3);
        assertThat(api.get("/query?service=" + victimService + "&attr.x=secret", victim).json().get("entries"))
                .hasSize(3);
        assertThat(api.get("/admin/keys", victim).status()).isEqualTo(200);
    }

    private static int victimEntries() {
        Reply reply = api.get("/query?service=" + victimService + "&limit=100", victim);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().get("entries").size();
    }

    private static long timed(String key) {
        long start = System.nanoTime();
        Reply reply = api.get("/query", key);
        long elapsed = System.nanoTime() - start;
        assertThat(reply.status()).isEqualTo(401);
        return elapsed;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String createKey(String admin, String body) {
        Reply reply = api.post("/admin/keys", admin, body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().get("key").asText();
    }

    private static String keyId(String key) {
        return key.substring(3, 19);
    }

    /** A well-formed key with a random id no key has. */
    private static String unknownKey() {
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        return "lp_" + HexFormat.of().formatHex(id) + "_" + randomSecret();
    }

    /** The id of {@code key} with a random secret. */
    private static String wrongSecret(String key) {
        return key.substring(0, 20) + randomSecret();
    }

    private static String randomSecret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }
}
