package io.logpipe.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.logging.common.AbstractAppenderFactory;
import io.dropwizard.logging.common.AppenderFactory;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.logging.json.AccessJsonLayoutBaseFactory;
import io.dropwizard.logging.json.EventJsonLayoutBaseFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import io.logpipe.bootstrap.config.LogpipeVariables;
import io.logpipe.bootstrap.config.ProcessRole;
import io.logpipe.bootstrap.database.ExternalDatabaseFactory;
import io.logpipe.bootstrap.embedded.EmbeddedDatabaseFactory;
import io.logpipe.bootstrap.embedded.EmbeddedRedisFactory;
import io.logpipe.bootstrap.logging.AccessTextLayoutFactory;
import io.logpipe.bootstrap.logging.TextLayoutFactory;
import io.logpipe.bootstrap.queue.ExternalRedisFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped config.yml takes server modes and process roles from the environment, as the README promises. */
class ConfigFileTest {
    private static final Path CONFIG = findConfigFile();

    @Test
    void runsEmbeddedServersWhenNoUrlsAreSet() throws Exception {
        LogpipeConfiguration configuration = load(Map.of());

        assertThat(configuration.getDatabase()).isInstanceOf(EmbeddedDatabaseFactory.class);
        assertThat(configuration.getRedis()).isInstanceOf(EmbeddedRedisFactory.class);
        assertThat(configuration.getDatabase().describe()).endsWith(Path.of("data", "postgres").toString());
        assertThat(configuration.getDatabase().isMigrateOnStart()).isTrue();
    }

    @Test
    void keepsEmbeddedDataUnderTheConfiguredDataDirectory() throws Exception {
        LogpipeConfiguration configuration = load(Map.of("LOGPIPE_DATA_DIR", "/var/lib/logpipe"));

        assertThat(configuration.getDatabase().describe()).endsWith("/var/lib/logpipe/postgres");
        assertThat(configuration.getRedis().describe()).endsWith("/var/lib/logpipe/redis");
    }

    @Test
    void usesExternalServersWhenTheirUrlsAreSet() throws Exception {
        LogpipeConfiguration configuration = load(Map.of(
                "LOGPIPE_DATABASE_URL", "jdbc:postgresql://db.internal:5432/logs",
                "LOGPIPE_DATABASE_USER", "logpipe",
                "LOGPIPE_DATABASE_PASSWORD", "secret",
                "LOGPIPE_REDIS_URL", "redis://queue.internal:6380/2",
                "LOGPIPE_KEY_PEPPER", "a-pepper-of-the-production-kind"));

        assertThat(configuration.getDatabase()).isInstanceOf(ExternalDatabaseFactory.class);
        assertThat(configuration.getDatabase().describe())
                .isEqualTo("external PostgreSQL at jdbc:postgresql://db.internal:5432/logs as logpipe");
        assertThat(configuration.getRedis()).isInstanceOf(ExternalRedisFactory.class);
        assertThat(configuration.getRedis().describe()).isEqualTo("external Redis at queue.internal:6380");
    }

    @Test
    void decidesEachServersModeOnItsOwn() throws Exception {
        LogpipeConfiguration configuration = load(Map.of("LOGPIPE_REDIS_URL", "redis://127.0.0.1:6379/0"));

        assertThat(configuration.getDatabase()).isInstanceOf(EmbeddedDatabaseFactory.class);
        assertThat(configuration.getRedis()).isInstanceOf(ExternalRedisFactory.class);
    }

    @Test
    void refusesAnExternalModeWithoutAUrl() {
        assertThatThrownBy(() -> load(Map.of("LOGPIPE_DATABASE_TYPE", "external")))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("database.url");
    }

    @Test
    void refusesAnExternalDatabaseWithoutAPepperSayingWhatToSet() {
        assertThatThrownBy(() -> load(Map.of("LOGPIPE_DATABASE_URL", "jdbc:postgresql://db.internal:5432/logs")))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("keys.pepper is required when the database is external")
                .hasMessageContaining("LOGPIPE_KEY_PEPPER");
    }

    @Test
    void refusesAnIngestBurstSmallerThanTheLargestRequest() {
        assertThatThrownBy(() -> load(Map.of("LOGPIPE_KEY_ENTRIES_PER_SECOND", "200000")))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("rateLimits.ingest.burst");
    }

    @Test
    void refusesARateLimitOverrideForANameNoTenantCanHave() throws Exception {
        Path config = Files.createTempFile("config-", ".yml");
        try {
            Files.writeString(config, Files.readString(CONFIG).replace("  tenants: {}",
                    "  tenants:\n    Acme Corp:\n      query: {perSecond: 5, burst: 5}"));
            YamlConfigurationFactory<LogpipeConfiguration> factory = new YamlConfigurationFactory<>(
                    LogpipeConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

            assertThatThrownBy(() -> factory.build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(),
                    LogpipeVariables.substitutor(Map.of())), config.toString()))
                    .isInstanceOf(ConfigurationValidationException.class)
                    .hasMessageContaining("rateLimits.tenants names 'Acme Corp'");
        } finally {
            Files.delete(config);
        }
    }

    @Test
    void refusesAPepperTooShortToProtectKeys() {
        assertThatThrownBy(() -> load(Map.of("LOGPIPE_KEY_PEPPER", "short")))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("keys.pepper");
    }

    @Test
    void runsTheApiAndTheWorkerWhenLogpipeRolesIsUnset() throws Exception {
        assertThat(load(Map.of()).roles()).containsExactly(ProcessRole.API, ProcessRole.WORKER);
    }

    @Test
    void runsTheApiAndTheWorkerWhenTheRolesKeyIsAbsent() {
        assertThat(new LogpipeConfiguration().roles()).containsExactly(ProcessRole.API, ProcessRole.WORKER);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "api          | API",
        "worker       | WORKER",
        "api,worker   | API,WORKER",
        "Worker , API | API,WORKER",
        "' WORKER'    | WORKER"})
    void readsTheRolesFromLogpipeRolesInAnyCaseWithSpacesAroundCommas(String value, String expected)
            throws Exception {
        Set<ProcessRole> expectedRoles = Arrays.stream(expected.split(","))
                .map(ProcessRole::valueOf)
                .collect(Collectors.toSet());

        assertThat(load(Map.of("LOGPIPE_ROLES", value)).roles()).isEqualTo(expectedRoles);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void refusesAProcessWithNoRoles(String value) {
        assertThatThrownBy(() -> load(Map.of("LOGPIPE_ROLES", value)))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("roles must name at least one of api, worker");
    }

    @ParameterizedTest
    @ValueSource(strings = {"api,", "api,,worker", "apis", "api,writer", "api;worker", "api,API", "worker,api,worker"})
    void refusesEmptyItemsAndUnknownOrRepeatedRolesNamingTheValue(String value) {
        assertThatThrownBy(() -> load(Map.of("LOGPIPE_ROLES", value)))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("roles ")
                .hasMessageContaining("'" + value + "'");
    }

    @Test
    void saysWhichRoleIsUnknownAndWhichExist() {
        assertThatThrownBy(() -> load(Map.of("LOGPIPE_ROLES", "api,writer")))
                .hasMessageContaining("unknown role 'writer'")
                .hasMessageContaining("api, worker");
    }

    @Test
    void queriesReadThePrimaryUnlessAReadDatabaseUrlIsSet() throws Exception {
        assertThat(load(Map.of()).getQuery().describe()).startsWith("read from the primary,");
        assertThat(load(Map.of("LOGPIPE_READ_DATABASE_URL", "jdbc:postgresql://replica.internal:5432/logs",
                "LOGPIPE_READ_DATABASE_USER", "reader", "LOGPIPE_READ_DATABASE_PASSWORD", "secret"))
                .getQuery().describe())
                .startsWith("read from read replica at jdbc:postgresql://replica.internal:5432/logs as reader,")
                .doesNotContain("secret");
    }

    @Test
    void refusesAReadDatabaseUrlThatIsNotPostgres() {
        assertThatThrownBy(() -> load(Map.of("LOGPIPE_READ_DATABASE_URL", "mysql://replica.internal/logs")))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("query.readDatabase.url");
    }

    @Test
    void boundsQueriesToThirtyOneDaysAndCachesAnswersForFiveSeconds() throws Exception {
        LogpipeConfiguration configuration = load(Map.of());

        assertThat(configuration.getQuery().window(java.time.Clock.systemUTC()).maxSpan())
                .isEqualTo(java.time.Duration.ofDays(31));
        assertThat(configuration.getQuery().describe())
                .endsWith("cancelled after 10 seconds, cache answers kept 5 seconds, at most 50000 entries");
    }

    @Test
    void writesBothLogsAsTextUnlessLogpipeLogFormatIsJson() throws Exception {
        assertThat(logLayouts(load(Map.of())))
                .containsExactly(TextLayoutFactory.class, AccessTextLayoutFactory.class);
        assertThat(logLayouts(load(Map.of("LOGPIPE_LOG_FORMAT", "json"))))
                .containsExactly(EventJsonLayoutBaseFactory.class, AccessJsonLayoutBaseFactory.class);
    }

    /** The layouts of the application log's appenders, then those of the request log's. */
    private static List<Class<?>> logLayouts(LogpipeConfiguration configuration) {
        List<AppenderFactory<?>> appenders = new ArrayList<>(
                ((DefaultLoggingFactory) configuration.getLoggingFactory()).getAppenders());
        appenders.addAll(((LogbackAccessRequestLogFactory) ((AbstractServerFactory) configuration.getServerFactory())
                .getRequestLogFactory()).getAppenders());
        return appenders.stream()
                .<Class<?>>map(appender -> ((AbstractAppenderFactory<?>) appender).getLayout().getClass())
                .toList();
    }

    private static LogpipeConfiguration load(Map<String, String> environment) throws Exception {
        YamlConfigurationFactory<LogpipeConfiguration> factory = new YamlConfigurationFactory<>(
                LogpipeConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");
        return factory.build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(),
                LogpipeVariables.substitutor(environment)), CONFIG.toString());
    }

    private static Path findConfigFile() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("config.yml")) && Files.isDirectory(dir.resolve("bootstrap"))) {
                return dir.resolve("config.yml");
            }
        }
        throw new IllegalStateException("config.yml not found above " + here);
    }
}
