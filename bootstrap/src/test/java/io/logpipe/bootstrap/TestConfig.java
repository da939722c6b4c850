package io.logpipe.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Writes a config file for an end-to-end test. PostgreSQL and Redis are the servers named by
 * {@code LOGPIPE_TEST_DATABASE_URL} / {@code LOGPIPE_TEST_REDIS_URL} when set (as CI does), else embedded servers in
 * a fresh data directory, exactly as a new user gets them. Every file gets its own stream and consumer name, so tests
 * sharing one Redis never see each other's queue.
 *
 * <p>The query result cache is off unless a test turns it on: these tests poll a query until the worker has stored what
 * they sent, and a cached answer from before would only hold each poll up by the cache's TTL. The cache has tests of
 * its own ({@code CachedLogStoreTest}, {@code QueryCacheIT}).
 */
public final class TestConfig {
    private static final String QUERY_WITHOUT_CACHE = "  cache:\n    ttl: 0s";
    /** Tests send many entries, searches and refused keys from one address; only the rate-limit tests limit them. */
    private static final String NO_RATE_LIMITS = "  ingest:\n    perSecond: 0\n  query:\n    perSecond: 0\n"
            + "  failedAuthentications:\n    burst: 1000000\n    perMinute: 1000000";
    private static final String NO_REQUEST_LOG = "    appenders: []";
    private static final String CONSOLE_LOG = "  level: WARN\n  loggers:\n    io.logpipe: INFO";

    private TestConfig() {
    }

    static Path write(Path dataDirectory) {
        return write(dataDirectory, false, null, UUID.randomUUID().toString(), "", "", QUERY_WITHOUT_CACHE);
    }

    /** A config file with {@code queryYaml} (lines such as {@code "  cache:\n    ttl: 1m"}) as its query section. */
    static Path writeWithQuery(Path dataDirectory, String queryYaml) {
        return write(dataDirectory, false, null, UUID.randomUUID().toString(), "", "", queryYaml);
    }

    /** A config file for a process that runs only {@code roles}, such as {@code "api"}. */
    static Path write(Path dataDirectory, String roles) {
        return write(dataDirectory, false, roles, UUID.randomUUID().toString(), "", "", QUERY_WITHOUT_CACHE);
    }

    /**
     * A config file for a process that runs {@code roles} on the queue named by {@code queue}, so several processes
     * can share one, with {@code ingestYaml} (lines such as {@code "  maxQueuedEntries: 5"}) as its ingest section.
     */
    static Path write(Path dataDirectory, String roles, String queue, String ingestYaml) {
        return write(dataDirectory, false, roles, queue, ingestYaml, "", QUERY_WITHOUT_CACHE);
    }

    /** As above, with {@code redisYaml} (lines such as {@code "  visibilityTimeout: 1s"}) added to the redis section. */
    static Path write(Path dataDirectory, String roles, String queue, String ingestYaml, String redisYaml) {
        return write(dataDirectory, false, roles, queue, ingestYaml, redisYaml, QUERY_WITHOUT_CACHE);
    }

    /** A config file that always uses embedded servers, whatever the environment names. */
    public static Path writeEmbedded(Path dataDirectory) {
        return write(dataDirectory, true, null, UUID.randomUUID().toString(), "", "", QUERY_WITHOUT_CACHE);
    }

    /** As {@link #writeEmbedded(Path)}, with {@code queryYaml} as its query section. */
    public static Path writeEmbedded(Path dataDirectory, String queryYaml) {
        return write(dataDirectory, true, null, UUID.randomUUID().toString(), "", "", queryYaml);
    }

    /** A config file with {@code rateLimitsYaml} (lines such as {@code "  query:\n    perSecond: 1"}) as its limits. */
    static Path writeWithRateLimits(Path dataDirectory, String rateLimitsYaml) {
        return write(dataDirectory, false, null, UUID.randomUUID().toString(), "", "", QUERY_WITHOUT_CACHE,
                rateLimitsYaml, NO_REQUEST_LOG, CONSOLE_LOG);
    }

    /**
     * A config file whose application log and request log go to the files {@code applicationLog} and
     * {@code requestLog}, with the layouts {@code format} ({@code "text"} or {@code "json"}) and
     * {@code "access-" + format}, as config.yml's LOGPIPE_LOG_FORMAT picks them.
     */
    static Path writeWithLogFiles(Path dataDirectory, String format, Path applicationLog, Path requestLog) {
        String requestLogYaml = "    appenders:\n      - " + fileAppender(requestLog, "access-" + format, "        ");
        String loggingYaml = CONSOLE_LOG + "\n  appenders:\n    - " + fileAppender(applicationLog, format, "      ");
        return write(dataDirectory, false, null, UUID.randomUUID().toString(), "", "", QUERY_WITHOUT_CACHE,
                NO_RATE_LIMITS, requestLogYaml, loggingYaml);
    }

    private static Path write(Path dataDirectory, boolean embeddedOnly, String roles, String queue,
            String ingestYaml, String redisYaml, String queryYaml) {
        return write(dataDirectory, embeddedOnly, roles, queue, ingestYaml, redisYaml, queryYaml, NO_RATE_LIMITS,
                NO_REQUEST_LOG, CONSOLE_LOG);
    }

    private static Path write(Path dataDirectory, boolean embeddedOnly, String roles, String queue,
            String ingestYaml, String redisYaml, String queryYaml, String rateLimitsYaml, String requestLogYaml,
            String loggingYaml) {
        String suffix = queue;
        String file = UUID.randomUUID().toString();
        String yaml = (roles == null ? "" : "roles: \"" + roles + "\"\n")
                + (ingestYaml.isEmpty() ? "" : "ingest:\n" + ingestYaml + "\n") + """
                server:
                  applicationConnectors:
                    - type: http
                      port: 0
                  adminConnectors:
                    - type: http
                      port: 0
                  requestLog:
                %s
                database:
                %s
                redis:
                  stream: "logpipe:test:%s"
                %s
                worker:
                  consumerName: "test-%s"
                  leaseWait: 200ms
                  maxBackoff: 1s
                keys:
                  pepper: end-to-end-test-pepper-0123456789
                rateLimits:
                %s
                query:
                %s
                logging:
                %s
                health:
                  delayedShutdownHandlerEnabled: false
                  healthChecks:
                    - name: redis
                      type: ready
                      critical: true
                      schedule:
                        checkInterval: 1s
                        downtimeInterval: 1s
                    - name: deadlocks
                      type: alive
                      critical: true
                """.formatted(requestLogYaml, database(dataDirectory, embeddedOnly), suffix,
                        redis(dataDirectory, embeddedOnly) + (redisYaml.isEmpty() ? "" : "\n" + redisYaml), suffix,
                        rateLimitsYaml, queryYaml, loggingYaml);
        try {
            Files.createDirectories(dataDirectory);
            Path path = dataDirectory.resolve("config-" + file + ".yml");
            Files.writeString(path, yaml);
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file appender without archives, as YAML lines indented by {@code indent} after the first. */
    private static String fileAppender(Path file, String layout, String indent) {
        return "type: file\n" + indent + "currentLogFilename: \"" + file + "\"\n" + indent + "archive: false\n"
                + indent + "layout:\n" + indent + "  type: " + layout;
    }

    private static String database(Path dataDirectory, boolean embeddedOnly) {
        String url = embeddedOnly ? null : System.getenv("LOGPIPE_TEST_DATABASE_URL");
        if (url == null) {
            return "  type: embedded\n  dataDirectory: \"" + dataDirectory.resolve("postgres") + "\"";
        }
        return "  type: external\n  url: \"" + url + "\"\n  user: \""
                + envOr("LOGPIPE_TEST_DATABASE_USER", "postgres") + "\"\n  password: \""
                + envOr("LOGPIPE_TEST_DATABASE_PASSWORD", "") + "\"";
    }

    private static String redis(Path dataDirectory, boolean embeddedOnly) {
        String url = embeddedOnly ? null : System.getenv("LOGPIPE_TEST_REDIS_URL");
        if (url == null) {
            return "  type: embedded\n  dataDirectory: \"" + dataDirectory.resolve("redis") + "\"";
        }
        return "  type: external\n  url: \"" + url + "\"";
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
