package io.logpipe.bootstrap.retention;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.logpipe.application.ManageRetention;
import io.logpipe.application.RetentionSetting;
import io.logpipe.bootstrap.LogpipeConfiguration;
import io.logpipe.bootstrap.database.CommandDatabase;
import io.logpipe.domain.InvalidRequestException;
import io.logpipe.postgres.PostgresRetentionPolicies;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code retention show|set|clear --tenant T [--days N] config.yml}: the operator's view of any tenant's retention.
 * Prints the retention then in effect as one JSON object, {@code {"tenant", "days", "source"}}, on the last line, as
 * {@code GET /admin/retention} answers. Works while the server runs; the job uses the change at its next run.
 */
public final class RetentionCommand extends ConfiguredCommand<LogpipeConfiguration> {
    private static final String ACTION = "action";

    public RetentionCommand() {
        super("retention", "Show or change a tenant's retention: "
                + "'retention show|set|clear --tenant T [--days N] config.yml'");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument(ACTION).choices("show", "set", "clear").help("what to do: show, set or clear");
        super.configure(subparser);
        subparser.addArgument("--tenant").required(true).help("the tenant");
        subparser.addArgument("--days").type(Integer.class)
                .help("for set: days to keep the tenant's entries (" + ManageRetention.MIN_DAYS + "-"
                        + ManageRetention.MAX_DAYS + ")");
    }

    @Override
    protected void run(Bootstrap<LogpipeConfiguration> bootstrap, Namespace namespace,
            LogpipeConfiguration configuration) throws Exception {
        String action = namespace.getString(ACTION);
        String tenant = namespace.getString("tenant");
        Integer days = namespace.getInt("days");
        if (action.equals("set") == (days == null)) {
            throw new IllegalArgumentException(action.equals("set") ? "set needs --days" : action
                    + " takes no --days");
        }
        RetentionSetting setting;
        try (CommandDatabase database = configuration.getDatabase().openForCommand()) {
            ManageRetention retention = new ManageRetention(new PostgresRetentionPolicies(database.jdbi()),
                    configuration.getRetention().getDefaultDays(), Clock.systemUTC());
            setting = switch (action) {
                case "show" -> retention.show(tenant);
                case "set" -> retention.set(tenant, days);
                default -> retention.clear(tenant);
            };
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenant", setting.tenant());
        out.put("days", setting.days());
        out.put("source", setting.source().name().toLowerCase(Locale.ROOT));
        // Printed after the database is closed, so no log line can follow it.
        System.out.println(bootstrap.getObjectMapper().writeValueAsString(out));
        System.out.flush();
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        cli.getStdErr().println("retention " + namespace.getString(ACTION) + " failed: " + e.getMessage());
        if (e instanceof InvalidRequestException invalid) {
            invalid.errors().forEach(problem -> cli.getStdErr().println("  " + problem));
        }
    }
}
