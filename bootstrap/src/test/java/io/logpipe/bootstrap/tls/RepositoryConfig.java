package io.logpipe.bootstrap.tls;

import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.logpipe.application.ManageApiKeys;
import io.logpipe.application.NewApiKey;
import io.logpipe.bootstrap.LogpipeApplication;
import io.logpipe.bootstrap.LogpipeConfiguration;
import io.logpipe.bootstrap.config.LogpipeVariables;
import io.logpipe.bootstrap.database.CommandDatabase;
import io.logpipe.domain.Role;
import io.logpipe.postgres.PostgresApiKeyStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The repository's own config files ({@code config.yml}, {@code config-tls.yml}) read exactly as logpipe reads them,
 * except that their {@code ${VAR}}s come from an environment the test chooses instead of this process's.
 */
final class RepositoryConfig {

    private RepositoryConfig() {
    }

    /** The file {@code name} at the repository's root. */
    static Path file(String name) {
        Path here = Path.of("").toAbsolutePath();
        for (Path directory = here; directory != null; directory = directory.getParent()) {
            if (Files.isRegularFile(directory.resolve(name)) && Files.isDirectory(directory.resolve("bootstrap"))) {
                return directory.resolve(name);
            }
        }
        throw new IllegalStateException(name + " not found above " + here);
    }

    /**
     * An environment for running logpipe in a test: the PostgreSQL and Redis named by {@code LOGPIPE_TEST_DATABASE_URL}
     * and {@code LOGPIPE_TEST_REDIS_URL} when set (as CI sets them), else embedded ones under {@code dataDirectory};
     * free ports for every connector; a pepper long enough to pass validation.
     */
    static Map<String, String> testEnvironment(Path dataDirectory) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "LOGPIPE_DATA_DIR", dataDirectory.toString(),
                "LOGPIPE_HTTP_PORT", "0",
                "LOGPIPE_HTTPS_PORT", "0",
                "LOGPIPE_ADMIN_PORT", "0",
                "LOGPIPE_KEY_PEPPER", "tls-test-pepper-0123456789abcdef"));
        String databaseUrl = System.getenv("LOGPIPE_TEST_DATABASE_URL");
        if (databaseUrl != null) {
            environment.put("LOGPIPE_DATABASE_URL", databaseUrl);
            environment.put("LOGPIPE_DATABASE_USER", System.getenv().getOrDefault("LOGPIPE_TEST_DATABASE_USER",
                    "postgres"));
            environment.put("LOGPIPE_DATABASE_PASSWORD", System.getenv().getOrDefault("LOGPIPE_TEST_DATABASE_PASSWORD",
                    ""));
        }
        String redisUrl = System.getenv("LOGPIPE_TEST_REDIS_URL");
        if (redisUrl != null) {
            environment.put("LOGPIPE_REDIS_URL", redisUrl);
        }
        return environment;
    }

    /** The configuration {@code name} describes in {@code environment}, validated as the server validates it. */
    static LogpipeConfiguration load(String name, Map<String, String> environment) throws Exception {
        YamlConfigurationFactory<LogpipeConfiguration> factory = new YamlConfigurationFactory<>(
                LogpipeConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");
        return factory.build(source(environment), file(name).toString());
    }

    /**
     * The application as {@code name} configures it in {@code environment}, not yet started. Its queue stream and
     * consumer names are the test's own, so it never takes entries of other tests sharing the Redis.
     */
    static DropwizardAppExtension<LogpipeConfiguration> app(String name, Map<String, String> environment) {
        String id = UUID.randomUUID().toString();
        return new DropwizardAppExtension<>(LogpipeApplication.class, file(name).toString(), source(environment),
                ConfigOverride.config("redis.stream", "logpipe:test:" + id),
                ConfigOverride.config("worker.consumerName", "test-" + id),
                ConfigOverride.config("logging.level", "WARN"));
    }

    /** A new API key for {@code tenant} with the ingest role, made as {@code keys create} makes one. */
    static String createIngestKey(LogpipeConfiguration configuration, String tenant) throws Exception {
        try (CommandDatabase database = configuration.getDatabase().openForCommand()) {
            return new ManageApiKeys(new PostgresApiKeyStore(database.jdbi()), configuration.peppers(),
                    Clock.systemUTC()).create(tenant, NewApiKey.withRoles(Set.of(Role.INGEST))).key();
        }
    }

    private static ConfigurationSourceProvider source(Map<String, String> environment) {
        return new SubstitutingSourceProvider(new FileConfigurationSourceProvider(),
                LogpipeVariables.substitutor(environment));
    }
}
