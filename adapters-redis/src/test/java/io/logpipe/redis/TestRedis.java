package io.logpipe.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.HostAndPortMapper;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisURIHelper;
import redis.embedded.RedisServer;

/**
 * The real Redis the integration tests run against: the one named by {@value #URL_VARIABLE}
 * ({@code redis://host:port/db}) when that is set, else an embedded {@code redis-server} started on a free port once
 * for the whole test run and stopped when the run ends.
 *
 * <p>Tests share the server, possibly with other runs, so each one works on its own {@link #uniqueKey keys} and
 * deletes them afterwards. Use it with {@code @ExtendWith(TestRedis.Extension.class)} and a constructor or method
 * parameter of type {@code TestRedis}.
 */
final class TestRedis implements AutoCloseable {
    static final String URL_VARIABLE = "LOGPIPE_TEST_REDIS_URL";

    private static final int TIMEOUT_MILLIS = 2_000;

    private final URI uri;
    private final RedisServer embedded;

    private TestRedis(URI uri, RedisServer embedded) {
        this.uri = uri;
        this.embedded = embedded;
    }

    private static TestRedis start() {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            return new TestRedis(URI.create(url), null);
        }
        try {
            int port = freePort();
            RedisServer server = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(port)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            server.start();
            return new TestRedis(URI.create("redis://127.0.0.1:" + port + "/0"), server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start an embedded redis-server; set " + URL_VARIABLE, e);
        }
    }

    /** A new client of the test server; the caller closes it. */
    RedisClient newClient() {
        return newClient(address -> address);
    }

    /**
     * A new client whose connections go wherever {@code route} says at the moment each is opened, so a test can cut
     * one client off, as if Redis went away, without stopping a server that others share.
     */
    RedisClient newClient(HostAndPortMapper route) {
        return RedisClient.builder().hostAndPort(address()).clientConfig(config().hostAndPortMapper(route).build())
                .build();
    }

    /** A new client whose connections carry {@code name}, so a test can find them in {@code CLIENT LIST}. */
    RedisClient newNamedClient(String name) {
        return RedisClient.builder().hostAndPort(address()).clientConfig(config().clientName(name).build()).build();
    }

    private DefaultJedisClientConfig.Builder config() {
        return DefaultJedisClientConfig.builder()
                .user(JedisURIHelper.getUser(uri))
                .password(JedisURIHelper.getPassword(uri))
                .database(JedisURIHelper.getDBIndex(uri))
                .timeoutMillis(TIMEOUT_MILLIS);
    }

    HostAndPort address() {
        return JedisURIHelper.getHostAndPort(uri);
    }

    /** A key no other test, run or process uses. */
    static String uniqueKey(String purpose) {
        return "logpipe-test:" + purpose + ":" + UUID.randomUUID();
    }

    /** A local port nothing listens on, for a client that cannot connect. */
    /**
     * Deletes every key a queue on {@code stream} made, one partition or several ({@code {stream:N}...}), then closes
     * the client: what each test's clean-up does.
     */
    static void deleteQueueKeysAndClose(UnifiedJedis client, String stream) {
        try {
            Set<String> used = new HashSet<>(client.keys(stream + "*"));
            used.addAll(client.keys("{" + stream + "*"));
            if (!used.isEmpty()) {
                client.del(used.toArray(String[]::new));
            }
        } finally {
            client.close();
        }
    }

    static int closedPort() {
        return freePort();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.stop();
        }
    }

    @Override
    public String toString() {
        return (embedded == null ? "Redis at " : "embedded Redis at ") + uri;
    }

    /** Hands every test the one server of the run, starting it on first use. */
    static final class Extension implements ParameterResolver {
        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestRedis.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == TestRedis.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            // The root store lives for the whole run and closes what it holds at the end, which stops the server.
            return context.getRoot().getStore(NAMESPACE)
                    .getOrComputeIfAbsent(TestRedis.class, key -> start(), TestRedis.class);
        }
    }
}
