package io.logpipe.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.logpipe.bootstrap.Api.Reply;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint with every role: a key holding the endpoint's role gets past authorization (whatever the endpoint
 * then answers), any other key gets 403 and no key 401, with the same JSON error shape.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AuthorizationMatrixIT {
    private static final Path DATA = TestDirectories.createDeletedOnExit("logpipe-authorization-");
    private static final Path CONFIG = TestConfig.write(DATA);
    private static final DropwizardAppExtension<LogpipeConfiguration> APP =
            new DropwizardAppExtension<>(LogpipeApplication.class, CONFIG.toString());
    private static final String ENTRY = "{\"service\":\"matrix\",\"message\":\"hello\"}";
    private static final String NO_SUCH_KEY_ID = "0123456789abcdef";
    private static final String NO_SUCH_DEAD_LETTER = "1-0";

    private static final Map<String, String> KEYS = new java.util.HashMap<>();
    private static Api api;

    @BeforeAll
    static void givenAKeyPerRole() throws Exception {
        String tenant = "matrix-" + UUID.randomUUID().toString().substring(0, 8);
        for (String role : List.of("ingest", "query", "admin")) {
            KEYS.put(role, KeysCli.createKey(CONFIG, tenant, role));
        }
        api = new Api(APP);
    }

    static Stream<Arguments> endpoints() {
        return Stream.of(
                endpoint("POST", "/ingest", ENTRY, "ingest"),
                endpoint("POST", "/ingest/", ENTRY, "ingest"),
                endpoint("GET", "/query", null, "query"),
                endpoint("POST", "/query", "{}", "query"),
                endpoint("GET", "/query/histogram", null, "query"),
                endpoint("POST", "/query/histogram", "{}", "query"),
                endpoint("GET", "/admin/dead-letters", null, "admin"),
                endpoint("GET", "/admin/dead-letters/" + NO_SUCH_DEAD_LETTER, null, "admin"),
                endpoint("POST", "/admin/dead-letters/replay", "{\"ids\":[\"" + NO_SUCH_DEAD_LETTER + "\"]}", "admin"),
                endpoint("DELETE", "/admin/dead-letters/" + NO_SUCH_DEAD_LETTER, null, "admin"),
                endpoint("POST", "/admin/dead-letters/purge", "{\"ids\":[\"" + NO_SUCH_DEAD_LETTER + "\"]}", "admin"),
                endpoint("GET", "/admin/retention", null, "admin"),
                endpoint("PUT", "/admin/retention", "{\"days\":30}", "admin"),
                endpoint("DELETE", "/admin/retention", null, "admin"),
                endpoint("GET", "/admin/keys", null, "admin"),
                endpoint("POST", "/admin/keys", "{\"roles\":[\"query\"]}", "admin"),
                endpoint("DELETE", "/admin/keys/" + NO_SUCH_KEY_ID, null, "admin"),
                endpoint("POST", "/admin/keys/" + NO_SUCH_KEY_ID + "/rotate", "{}", "admin"),
                endpoint("GET", "/admin/audit", null, "admin"));
    }

    private static Arguments endpoint(String method, String path, String body, String role) {
        return Arguments.of(method, path, body, role);
    }

    @ParameterizedTest(name = "{0} {1} needs {3}")
    @MethodSource("endpoints")
    void onlyAKeyWithTheEndpointsRoleGetsPastAuthorization(String method, String path, String body, String role) {
        for (Map.Entry<String, String> key : KEYS.entrySet()) {
            Reply reply = api.send(method, path, key.getValue(), body);
            if (key.getKey().equals(role)) {
                assertThat(reply.status()).as("%s with the %s role: %s", path, key.getKey(), reply)
                        .isNotIn(401, 403).isLessThan(500);
            } else {
                assertThat(reply.status()).as("%s with the %s role: %s", path, key.getKey(), reply).isEqualTo(403);
                assertThat(reply.json().get("code").asInt()).isEqualTo(403);
                assertThat(reply.json().has("message")).isTrue();
            }
        }
        Reply anonymous = api.send(method, path, null, body);
        assertThat(anonymous.status()).as(anonymous.toString()).isEqualTo(401);
        assertThat(anonymous.json().get("code").asInt()).isEqualTo(401);
        assertThat(anonymous.headers().get("www-authenticate")).startsWith("Bearer");
    }

    /**
     * The server closes a connection whose request body it did not read, so it says so: a client that keeps
     * connections alive must not send its next request into it.
     */
    @Test
    void aRefusalBeforeTheBodyIsReadClosesTheConnectionAndAnAcceptedRequestKeepsIt() {
        Reply refused = api.post("/admin/keys", KEYS.get("ingest"), "{\"roles\":[\"query\"]}");
        Reply anonymous = api.post("/ingest", null, ENTRY);
        Reply accepted = api.post("/ingest", KEYS.get("ingest"), ENTRY);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.headers().get("connection")).isEqualTo("close");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.headers().get("connection")).isEqualTo("close");
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.headers()).doesNotContainKey("connection");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void aKeyWithEveryRoleButTheEndpointsIsStillRefused(String method, String path, String body, String role)
            throws Exception {
        Set<String> others = new java.util.TreeSet<>(KEYS.keySet());
        others.remove(role);
        String tenant = "matrix-" + UUID.randomUUID().toString().substring(0, 8);
        String key = KeysCli.createKey(CONFIG, tenant, String.join(",", others));

        assertThat(api.send(method, path, key, body).status()).isEqualTo(403);
    }
}
