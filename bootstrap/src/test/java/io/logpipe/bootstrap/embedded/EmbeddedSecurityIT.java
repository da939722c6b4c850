package io.logpipe.bootstrap.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.testing.DropwizardTestSupport;
import io.logpipe.bootstrap.LogpipeApplication;
import io.logpipe.bootstrap.LogpipeConfiguration;
import io.logpipe.bootstrap.database.Database;
import io.logpipe.bootstrap.database.PoolFactory;
import io.logpipe.bootstrap.queue.RedisServerAddress;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

/**
 * The embedded default is not open to other users of the machine: PostgreSQL and Redis ask for passwords kept in
 * files only logpipe's user can read, Redis's files are closed to others, and the first API key is handed over in such
 * a file instead of the log. Always runs on embedded servers, whatever the environment names.
 */
class EmbeddedSecurityIT {
    private static final String OWNER_ONLY = "rw-------";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path root;

    @Test
    void asksEveryClientForAPasswordAndHandsTheFirstKeyOverInAFileOnlyItsOwnerCanRead() throws Exception {
        Path data = root.resolve("data");
        Path config = writeConfig(data);
        String key;
        String postgresPassword;
        String redisPassword;
        String pepper;

        DropwizardTestSupport<LogpipeConfiguration> first = start(config);
        try {
            Path keyFile = data.resolve("first-api-key");
            key = Files.readAllLines(keyFile).get(0);
            postgresPassword = Files.readString(data.resolve("postgres.password")).strip();
            redisPassword = Files.readString(data.resolve("redis/redis.password")).strip();

            assertThat(ingest(first, key)).isEqualTo(202);
            assertThat(Files.readString(keyFile)).contains("tenant 'default' with roles admin,ingest,query");
            assertThat(modeOf(keyFile)).isEqualTo(OWNER_ONLY);
            assertThat(modeOf(data.resolve("postgres.password"))).isEqualTo(OWNER_ONLY);
            assertThat(modeOf(data.resolve("redis/redis.password"))).isEqualTo(OWNER_ONLY);
            // No pepper is configured: the one the key was hashed with was generated beside the passwords.
            assertThat(modeOf(data.resolve("key-pepper"))).isEqualTo(OWNER_ONLY);
            pepper = Files.readString(data.resolve("key-pepper")).strip();
            assertThat(modeOf(data.resolve("postgres"))).isEqualTo("rwx------");
            assertThat(modeOf(data.resolve("redis"))).isEqualTo("rwx------");
            assertThat(data.resolve("redis/appendonly.aof")).isNotEmptyFile();
            assertRedisFilesAreClosedToOthers(data.resolve("redis"));

            assertPostgresAsksForThePassword(data, postgresPassword);
            assertEveryPgHbaRuleAsksForAPassword(data);
            assertRedisAsksForThePassword(data, redisPassword);
            assertAttachingWhileItRunsUsesThePasswords(data);
        } finally {
            first.after();
        }

        DropwizardTestSupport<LogpipeConfiguration> second = start(config);
        try {
            assertThat(ingest(second, key)).isEqualTo(202);
            assertThat(Files.readString(data.resolve("postgres.password")).strip()).isEqualTo(postgresPassword);
            assertThat(Files.readString(data.resolve("redis/redis.password")).strip()).isEqualTo(redisPassword);
            assertThat(Files.readAllLines(data.resolve("first-api-key")).get(0)).isEqualTo(key);
            assertPostgresAsksForThePassword(data, postgresPassword);
            assertRedisAsksForThePassword(data, redisPassword);
        } finally {
            second.after();
        }

        String log = Files.readString(root.resolve("logpipe.log"));
        assertThat(log)
                .contains("it is in " + data.resolve("first-api-key").toAbsolutePath() + " (readable only by this user)")
                .doesNotContain(key)
                .doesNotContain(key.substring("lp_".length() + 16 + 1))
                .doesNotContain(postgresPassword)
                .doesNotContain(redisPassword)
                .doesNotContain(pepper);
    }

    @Test
    void upgradesADataDirectoryAnOlderLogpipeLeftOpenToEveryLocalUser() throws Exception {
        Path data = root.resolve("data");
        // How logpipe set up its data directory before: the library's initdb trusts every local connection.
        EmbeddedPostgres.builder()
                .setDataDirectory(data.resolve("postgres"))
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .start()
                .close();
        Path redis = Files.createDirectories(data.resolve("redis"));
        Files.setPosixFilePermissions(redis, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createFile(redis.resolve("appendonly.aof"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        assertThat(Files.readString(data.resolve("postgres/pg_hba.conf"))).contains("trust");

        DropwizardTestSupport<LogpipeConfiguration> upgraded = start(writeConfig(data));
        try {
            assertThat(ingest(upgraded, Files.readAllLines(data.resolve("first-api-key")).get(0))).isEqualTo(202);
            assertPostgresAsksForThePassword(data, Files.readString(data.resolve("postgres.password")).strip());
            assertThat(modeOf(data.resolve("postgres.password"))).isEqualTo(OWNER_ONLY);
            assertEveryPgHbaRuleAsksForAPassword(data);
            assertThat(modeOf(redis)).isEqualTo("rwx------");
            assertRedisFilesAreClosedToOthers(redis);
        } finally {
            upgraded.after();
        }
    }

    private static void assertPostgresAsksForThePassword(Path data, String password) throws Exception {
        String url = "jdbc:postgresql://localhost:" + postgresPort(data) + "/postgres";

        assertThatThrownBy(() -> connect(url, null).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password");
        assertThatThrownBy(() -> connect(url, password + "x").close())
                .isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("28P01");
        try (Connection connection = connect(url, password);
                Statement statement = connection.createStatement();
                ResultSet stored = statement.executeQuery(
                        "SELECT rolpassword FROM pg_authid WHERE rolname = 'postgres'")) {
            assertThat(stored.next()).isTrue();
            assertThat(stored.getString(1)).startsWith("SCRAM-SHA-256$");
        }
    }

    /** Local socket connections too, which a JDBC test cannot make. */
    private static void assertEveryPgHbaRuleAsksForAPassword(Path data) throws IOException {
        assertThat(Files.readAllLines(data.resolve("postgres/pg_hba.conf")))
                .filteredOn(line -> !line.startsWith("#") && !line.isBlank())
                .isNotEmpty()
                .allSatisfy(rule -> assertThat(rule.trim()).endsWith("scram-sha-256"));
    }

    private static void assertRedisAsksForThePassword(Path data, String password) throws IOException {
        int port = Integer.parseInt(Files.readString(data.resolve("redis/redis.port")).trim());

        try (RedisClient withoutPassword = RedisClient.create("127.0.0.1", port)) {
            assertThatThrownBy(withoutPassword::ping).hasMessageContaining("NOAUTH");
        }
        try (RedisClient withPassword = RedisClient.builder()
                .hostAndPort(new HostAndPort("127.0.0.1", port))
                .clientConfig(DefaultJedisClientConfig.builder().password(password).build())
                .build()) {
            assertThat(withPassword.ping()).isEqualTo("PONG");
        }
    }

    /** What {@code keys create} or {@code dead-letters list} does while the server runs. */
    private static void assertAttachingWhileItRunsUsesThePasswords(Path data) throws Exception {
        try (Database database = EmbeddedPostgresServer.startOrAttach(data.resolve("postgres"), 0, new PoolFactory());
                Connection connection = DriverManager.getConnection(database.dataSource().getUrl(),
                        database.dataSource().getUser(), database.dataSource().getPassword())) {
            assertThat(connection.isValid(5)).isTrue();
        }
        try (RedisServerAddress address = EmbeddedRedisServer.startOrAttach(data.resolve("redis"), 0);
                RedisClient client = new EmbeddedRedisFactory().client(address)) {
            assertThat(address.toString()).doesNotContain(address.uri().getUserInfo());
            assertThat(client.ping()).isEqualTo("PONG");
        }
    }

    private static void assertRedisFilesAreClosedToOthers(Path redis) throws IOException {
        try (Stream<Path> files = Files.list(redis)) {
            List<Path> regularFiles = files.filter(Files::isRegularFile).toList();
            assertThat(regularFiles).extracting(file -> file.getFileName().toString()).contains("appendonly.aof");
            assertThat(regularFiles).allSatisfy(file -> assertThat(modeOf(file)).endsWith("------"));
        }
    }

    private static Connection connect(String url, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(url, properties);
    }

    /** Line 4 of postmaster.pid holds the port (PostgreSQL's documented pid file layout). */
    private static int postgresPort(Path data) throws IOException {
        return Integer.parseInt(Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(3).trim());
    }

    private static int ingest(DropwizardTestSupport<LogpipeConfiguration> app, String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + app.getLocalPort() + "/ingest/"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"service\":\"security\",\"message\":\"kept private\"}"))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String modeOf(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private Path writeConfig(Path data) throws IOException {
        Path config = root.resolve("config.yml");
        Files.writeString(config, """
                server:
                  applicationConnectors:
                    - type: http
                      port: 0
                  adminConnectors:
                    - type: http
                      port: 0
                  requestLog:
                    appenders: []
                database:
                  type: embedded
                  dataDirectory: "%1$s/postgres"
                redis:
                  type: embedded
                  dataDirectory: "%1$s/redis"
                worker:
                  leaseWait: 200ms
                logging:
                  level: INFO
                  appenders:
                    - type: file
                      currentLogFilename: "%2$s"
                      archive: false
                """.formatted(data, root.resolve("logpipe.log")));
        return config;
    }

    private static DropwizardTestSupport<LogpipeConfiguration> start(Path config) throws Exception {
        DropwizardTestSupport<LogpipeConfiguration> support =
                new DropwizardTestSupport<>(LogpipeApplication.class, config.toString());
        support.before();
        return support;
    }
}
