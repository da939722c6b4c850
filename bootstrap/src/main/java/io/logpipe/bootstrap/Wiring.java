package io.logpipe.bootstrap;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.lifecycle.Managed;
import io.logpipe.application.CreateApiKey;
import io.logpipe.application.DrainQueue;
import io.logpipe.application.HmacKeyVerifier;
import io.logpipe.application.IngestLogs;
import io.logpipe.application.QueryLogs;
import io.logpipe.application.SecretHasher;
import io.logpipe.bootstrap.config.IngestFactory;
import io.logpipe.bootstrap.config.ProcessRole;
import io.logpipe.bootstrap.database.Database;
import io.logpipe.bootstrap.keys.FirstKeyBanner;
import io.logpipe.bootstrap.metrics.IngestRequestCounter;
import io.logpipe.bootstrap.metrics.MeteredLogQueue;
import io.logpipe.bootstrap.metrics.MeteredLogStore;
import io.logpipe.bootstrap.metrics.PipelineMetrics;
import io.logpipe.bootstrap.queue.RedisHealthCheck;
import io.logpipe.bootstrap.queue.RedisServerAddress;
import io.logpipe.bootstrap.worker.DrainWorker;
import io.logpipe.bootstrap.worker.PartitionsAhead;
import io.logpipe.bootstrap.worker.WorkerFactory;
import io.logpipe.bootstrap.worker.WorkerHealthCheck;
import io.logpipe.domain.ApiKeyStore;
import io.logpipe.domain.LogQueue;
import io.logpipe.domain.LogStore;
import io.logpipe.http.HttpAdapter;
import io.logpipe.postgres.PostgresApiKeyStore;
import io.logpipe.postgres.PostgresLogStore;
import io.logpipe.postgres.PostgresMigrations;
import io.logpipe.redis.RedisLogQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

/**
 * Builds the running service by hand: servers, adapters, use cases, HTTP, worker, health checks and metrics. The HTTP
 * API and the worker are there only in a process whose configured roles include them.
 * Lifecycle objects are registered in dependency order; Dropwizard stops them in reverse, so the worker stops first
 * and an embedded database last.
 */
final class Wiring {
    private static final Logger LOG = LoggerFactory.getLogger(Wiring.class);

    private final LogpipeConfiguration configuration;
    private final Environment environment;
    private final Clock clock = Clock.systemUTC();

    Wiring(LogpipeConfiguration configuration, Environment environment) {
        this.configuration = configuration;
        this.environment = environment;
    }

    void wire() throws Exception {
        Set<ProcessRole> roles = configuration.roles();
        LOG.info("Roles: {}", ProcessRole.describe(roles));
        PipelineMetrics metrics = new PipelineMetrics(environment.metrics());
        metrics.serveOn(environment);

        Jdbi jdbi = postgres();
        RedisLogQueue redisQueue = redisQueue();
        metrics.trackQueue(redisQueue::backlog, redisQueue::deadLetters,
                () -> redisQueue.oldestEntryAge().toMillis() / 1000.0);

        LogQueue queue = new MeteredLogQueue(redisQueue, metrics);
        PostgresLogStore postgresStore = new PostgresLogStore(jdbi);
        LogStore store = new MeteredLogStore(postgresStore, metrics);
        if (roles.contains(ProcessRole.API)) {
            serveApi(queue, store, new PostgresApiKeyStore(jdbi), metrics);
        }
        if (roles.contains(ProcessRole.WORKER)) {
            startWorker(queue, store);
            environment.lifecycle().manage(new PartitionsAhead(postgresStore,
                    environment.lifecycle().scheduledExecutorService("partitions-ahead-%d").build(), clock));
        }
    }

    private Jdbi postgres() throws Exception {
        LOG.info("Database: {}", configuration.getDatabase().describe());
        Database database = configuration.getDatabase().open();
        environment.lifecycle().manage(closing(database));
        ManagedDataSource dataSource = database.dataSource().build(environment.metrics(), "postgres");
        if (configuration.getDatabase().isMigrateOnStart()) {
            PostgresMigrations.apply(dataSource);
        }
        return new JdbiFactory().build(environment, database.dataSource(), dataSource, "postgres");
    }

    private RedisLogQueue redisQueue() throws Exception {
        LOG.info("Queue: {}", configuration.getRedis().describe());
        RedisServerAddress address = configuration.getRedis().open();
        environment.lifecycle().manage(closing(address));
        RedisClient client = configuration.getRedis().client(address);
        environment.lifecycle().manage(closing(client));
        RedisLogQueue queue = new RedisLogQueue(client, configuration.getRedis().getStream(),
                configuration.getRedis().getGroup(), configuration.getRedis().visibilityTimeout());
        environment.healthChecks().register("redis", new RedisHealthCheck(queue));
        return queue;
    }

    private void serveApi(LogQueue queue, LogStore store, ApiKeyStore keys, PipelineMetrics metrics) {
        SecretHasher hasher = configuration.getKeys().hasher();
        // Only a process that serves the API makes the first key: its banner is the one place the secret is shown.
        if (configuration.getDatabase().issuesFirstKey()) {
            new CreateApiKey(keys, hasher, clock).createFirstKeyIfNone().ifPresent(FirstKeyBanner::log);
        }
        environment.servlets().addFilter("ingest-requests", new IngestRequestCounter(metrics))
                .addMappingForUrlPatterns(null, false, "/ingest", "/ingest/*");
        IngestFactory ingest = configuration.getIngest();
        HttpAdapter.register(environment.jersey(), environment.metrics(), configuration.getKeys().cacheSpec(),
                new IngestLogs(queue, clock, ingest.rules(), ingest.admission(), metrics.ingestOutcomes()),
                new QueryLogs(store),
                new HmacKeyVerifier(keys, hasher));
    }

    private void startWorker(LogQueue queue, LogStore store) {
        WorkerFactory settings = configuration.getWorker();
        DrainQueue drain = new DrainQueue(queue, store, settings.getBatchSize(),
                Duration.ofMillis(settings.getLeaseWait().toMilliseconds()));
        DrainWorker worker = new DrainWorker(drain, settings.resolvedConsumerName(),
                environment.lifecycle().executorService("drain-worker-%d").minThreads(1).maxThreads(1).build(),
                Duration.ofMillis(settings.getMaxBackoff().toMilliseconds()));
        environment.lifecycle().manage(worker);
        environment.healthChecks().register("worker", new WorkerHealthCheck(worker, settings.stalledAfter()));
    }

    private static Managed closing(AutoCloseable resource) {
        return new Managed() {
            @Override
            public void stop() throws Exception {
                resource.close();
            }
        };
    }
}
