package io.logpipe.bootstrap.keys;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.logpipe.application.CreateApiKey;
import io.logpipe.application.IssuedApiKey;
import io.logpipe.bootstrap.LogpipeConfiguration;
import io.logpipe.bootstrap.database.CommandDatabase;
import io.logpipe.domain.Role;
import io.logpipe.postgres.PostgresApiKeyStore;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code keys create --tenant T --roles ingest,query[,admin] config.yml}: makes an API key and prints it as one JSON
 * object on the last line of standard output. The secret is shown only then. Works in both database modes, also
 * while the server runs: in embedded mode it attaches to the server's running PostgreSQL.
 */
public final class KeysCommand extends ConfiguredCommand<LogpipeConfiguration> {
    private static final String ACTION = "action";

    public KeysCommand() {
        super("keys", "Manage API keys: 'keys create --tenant T --roles ingest,query config.yml'");
    }

    @Override
    public void configure(Subparser subparser) {
        // Added before the config file argument so "create" is read as the action, not as the file.
        subparser.addArgument(ACTION).choices("create").help("what to do: create");
        super.configure(subparser);
        subparser.addArgument("--tenant").required(true).help("the tenant the key is bound to");
        subparser.addArgument("--roles").setDefault("ingest,query")
                .help("comma-separated roles among ingest, query, admin (default: ingest,query)");
    }

    @Override
    protected void run(Bootstrap<LogpipeConfiguration> bootstrap, Namespace namespace,
            LogpipeConfiguration configuration) throws Exception {
        Set<Role> roles = parseRoles(namespace.getString("roles"));
        IssuedApiKey key;
        try (CommandDatabase database = configuration.getDatabase().openForCommand()) {
            CreateApiKey create = new CreateApiKey(new PostgresApiKeyStore(database.jdbi()),
                    configuration.getKeys().hasher(), Clock.systemUTC());
            key = create.create(namespace.getString("tenant"), roles);
        }
        // Printed after the database is closed, so no log line can follow it.
        System.out.println(json(bootstrap.getObjectMapper(), key));
        System.out.flush();
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        cli.getStdErr().println("keys " + namespace.getString(ACTION) + " failed: " + e.getMessage());
    }

    private static Set<Role> parseRoles(String roles) {
        Set<Role> parsed = EnumSet.noneOf(Role.class);
        Arrays.stream(roles.split(",")).map(String::trim).filter(name -> !name.isEmpty())
                .map(Role::parse).forEach(parsed::add);
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("--roles names no role; use ingest, query and/or admin");
        }
        return parsed;
    }

    private static String json(ObjectMapper mapper, IssuedApiKey key) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key_id", key.keyId());
        out.put("key", key.key());
        out.put("tenant", key.tenant());
        out.put("roles", key.roles().stream().map(Role::wireName).sorted().toList());
        return mapper.writeValueAsString(out);
    }
}
