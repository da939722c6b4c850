package io.logpipe.bootstrap.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.logpipe.bootstrap.faults.RedisServer;
import io.logpipe.bootstrap.queue.CommandQueue;
import io.logpipe.bootstrap.queue.RedisFactory;
import io.logpipe.domain.EntryIds;
import io.logpipe.domain.Lease;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.QueueUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@code rediss://} URL makes logpipe's queue speak TLS and check the server: against a Redis that listens only for
 * TLS, entries go in and come back out through the real queue, while a {@code redis://} URL, a trust store without the
 * server's authority, and a host the certificate does not name all fail. Redis and the certificates come from the
 * installed {@code redis-server} and {@code openssl}; where either is missing, the test is skipped.
 */
class RedisTlsIT {
    private static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.123456Z");
    private static final LogEntry ENTRY = new LogEntry(EntryIds.newId(AT), "tls-tenant", AT, AT, "redis-tls-it",
            Level.WARN, "queued over TLS", null, null, null, null);
    private static final String PASSWORD = UUID.randomUUID().toString().replace("-", "");
    private static final String TRUST_STORE_PASSWORD = UUID.randomUUID().toString();

    private static Path directory;
    private static RedisServer redis;
    private static Path trustStore;

    @BeforeAll
    static void startARedisThatSpeaksOnlyTls() throws Exception {
        Optional<Path> openssl = Tools.find("openssl");
        assumeTrue(openssl.isPresent(), "RedisTlsIT skipped: it makes its certificates with openssl, which is not on "
                + "the PATH (e.g. 'apt-get install openssl')");
        assumeTrue(RedisServer.isInstalled(), "RedisTlsIT skipped: it runs the installed redis-server, which is "
                + "neither at /usr/bin/redis-server nor on the PATH (e.g. 'apt-get install redis-server')");
        directory = TestFiles.directoryUnderTarget("RedisTlsIT");
        Path certificates = Files.createDirectories(directory.resolve("certificates"));
        // Only the name: a client that connects to 127.0.0.1 must find the certificate does not name its host.
        TestCertificates issued = TestCertificates.issue(openssl.get(), certificates, "DNS:localhost");
        trustStore = issued.trustStore(TRUST_STORE_PASSWORD);
        redis = RedisServer.startTlsOnly(directory.resolve("redis"), new RedisServer.TlsListener(
                issued.certificate(), issued.key(), issued.authority(), PASSWORD));
    }

    @AfterAll
    static void stopRedis() {
        try {
            if (redis != null) {
                redis.close();
            }
        } finally {
            TestFiles.delete(directory);
        }
    }

    @Test
    void queuesAndLeasesEntriesOverTlsFromARedissUrl() throws Exception {
        List<LogEntry> leased = roundTrip(queueSettings("rediss://:" + PASSWORD + "@localhost:" + redis.port() + "/0",
                trustingTheServersAuthority()));

        assertThat(leased).containsExactly(ENTRY);
    }

    @Test
    void aPlainRedisUrlToTheTlsPortCannotReachTheQueue() {
        assertThatThrownBy(() -> roundTrip(queueSettings(
                "redis://:" + PASSWORD + "@localhost:" + redis.port() + "/0", Map.of())))
                .isInstanceOf(QueueUnavailableException.class);
    }

    @Test
    void refusesAServerWhoseAuthorityIsNotInTheTrustStore() {
        // No trust store configured: the JVM's default authorities, which never signed this test's certificate.
        assertThatThrownBy(() -> roundTrip(queueSettings(
                "rediss://:" + PASSWORD + "@localhost:" + redis.port() + "/0", Map.of())))
                .isInstanceOf(QueueUnavailableException.class)
                .hasStackTraceContaining("PKIX path building failed");
    }

    @Test
    void refusesACertificateThatDoesNotNameTheUrlsHost() {
        assertThatThrownBy(() -> roundTrip(queueSettings(
                "rediss://:" + PASSWORD + "@127.0.0.1:" + redis.port() + "/0", trustingTheServersAuthority())))
                .isInstanceOf(QueueUnavailableException.class)
                .hasStackTraceContaining("No subject alternative names matching IP address 127.0.0.1");
    }

    @Test
    void acceptsACertificateThatDoesNotNameTheHostWhenVerifyHostnameIsOff() throws Exception {
        Map<String, Object> tls = new HashMap<>(trustingTheServersAuthority());
        tls.put("verifyHostname", false);

        List<LogEntry> leased = roundTrip(queueSettings(
                "rediss://:" + PASSWORD + "@127.0.0.1:" + redis.port() + "/0", tls));

        assertThat(leased).containsExactly(ENTRY);
    }

    private static Map<String, Object> trustingTheServersAuthority() {
        return Map.of("trustStorePath", trustStore.toString(), "trustStorePassword", TRUST_STORE_PASSWORD);
    }

    /** The redis section of a config file with {@code url} and {@code tls}, and a stream of its own. */
    private static RedisFactory queueSettings(String url, Map<String, Object> tls) {
        return JSON.convertValue(Map.of("type", "external", "url", url, "tls", tls,
                "stream", "logpipe:tls-test:" + UUID.randomUUID()), RedisFactory.class);
    }

    /** Opens the queue as a command does, queues one entry, and returns what a lease then hands out. */
    private static List<LogEntry> roundTrip(RedisFactory settings) throws Exception {
        try (CommandQueue opened = settings.openForCommand(10)) {
            opened.queue().enqueue(List.of(ENTRY), 1_000);
            Lease lease = opened.queue().lease("tls-test", 10, Duration.ofSeconds(1));
            opened.queue().acknowledge(lease);
            return lease.entries();
        }
    }
}
