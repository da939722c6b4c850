package io.logpipe.bootstrap;

import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.migrations.MigrationsBundle;
import io.logpipe.bootstrap.config.LogpipeVariables;
import io.logpipe.bootstrap.deadletters.DeadLettersCommand;
import io.logpipe.bootstrap.keys.KeysCommand;
import io.logpipe.bootstrap.logging.QuietRequestLogFactory;
import io.logpipe.bootstrap.retention.ArchiveCommand;
import io.logpipe.bootstrap.retention.RetentionCommand;
import io.logpipe.postgres.PostgresMigrations;

/**
 * The logpipe service: {@code server config.yml} runs it, {@code db migrate config.yml} prepares an external
 * database, {@code keys create ... config.yml} makes an API key, {@code dead-letters ... config.yml} lists, replays
 * and purges dead letters, {@code retention ... config.yml} shows and sets a tenant's retention, {@code archive ...
 * config.yml} lists, verifies and restores archived days.
 */
public class LogpipeApplication extends Application<LogpipeConfiguration> {

    public static void main(String[] args) throws Exception {
        // Liquibase otherwise tries to send usage analytics on every migration.
        System.setProperty("liquibase.analytics.enabled", "false");
        new LogpipeApplication().run(args);
    }

    @Override
    public String getName() {
        return "logpipe";
    }

    @Override
    public void initialize(Bootstrap<LogpipeConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), LogpipeVariables.substitutor()));
        bootstrap.addBundle(new MigrationsBundle<>() {
            @Override
            public DataSourceFactory getDataSourceFactory(LogpipeConfiguration configuration) {
                return DatabaseForCommands.open(configuration.getDatabase()).dataSource();
            }

            @Override
            public String getMigrationsFileName() {
                return PostgresMigrations.CHANGELOG;
            }
        });
        bootstrap.addCommand(new KeysCommand());
        bootstrap.addCommand(new DeadLettersCommand());
        bootstrap.addCommand(new RetentionCommand());
        bootstrap.addCommand(new ArchiveCommand());
    }

    @Override
    public void run(LogpipeConfiguration configuration, Environment environment) throws Exception {
        if (configuration.getServerFactory() instanceof AbstractServerFactory server) {
            // logpipe's own mappers replace Dropwizard's, so every error has the same JSON shape.
            server.setRegisterDefaultExceptionMappers(false);
            server.setRequestLogFactory(new QuietRequestLogFactory(server.getRequestLogFactory()));
        }
        new Wiring(configuration, environment).wire();
    }
}
