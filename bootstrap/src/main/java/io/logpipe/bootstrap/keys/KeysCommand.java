package io.logpipe.bootstrap.keys;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.logpipe.application.IssuedApiKey;
import io.logpipe.application.ManageApiKeys;
import io.logpipe.application.NewApiKey;
import io.logpipe.application.RotatedApiKey;
import io.logpipe.bootstrap.LogpipeConfiguration;
import io.logpipe.bootstrap.database.CommandDatabase;
import io.logpipe.domain.InvalidRequestException;
import io.logpipe.domain.Role;
import io.logpipe.domain.StoredApiKey;
import io.logpipe.postgres.PostgresApiKeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * The operator's key management, for any tenant, audited with the actor {@code cli}:
 * <ul>
 *   <li>{@code keys create --tenant T [--roles ingest,query] [--description D] [--expires-in 90d] config.yml}</li>
 *   <li>{@code keys list [--tenant T] config.yml}</li>
 *   <li>{@code keys revoke --key-id ID config.yml}</li>
 *   <li>{@code keys rotate --key-id ID [--grace 1h] config.yml}</li>
 * </ul>
 * Prints its result as one JSON object on the last line of standard output, shaped as the admin API answers; a new
 * key's secret is shown only then. Works in both database modes, also while the server runs: in embedded mode it
 * attaches to the server's running PostgreSQL. A revocation takes effect on every server within the key cache's
 * recheck time.
 */
public final class KeysCommand extends ConfiguredCommand<LogpipeConfiguration> {
    private static final String ACTION = "action";

    public KeysCommand() {
        super("keys", "Manage API keys: 'keys create|list|revoke|rotate ... config.yml'");
    }

    @Override
    public void configure(Subparser subparser) {
        // Added before the config file argument so "create" is read as the action, not as the file.
        subparser.addArgument(ACTION).choices("create", "list", "revoke", "rotate")
                .help("what to do: create, list, revoke or rotate");
        super.configure(subparser);
        subparser.addArgument("--tenant").help("create: the tenant the key is bound to; list: only this tenant's keys");
        subparser.addArgument("--roles").setDefault("ingest,query")
                .help("create: comma-separated roles among ingest, query, admin (default: ingest,query)");
        subparser.addArgument("--description").setDefault("").help("create: what the key is for");
        subparser.addArgument("--expires-in")
                .help("create: how long the key works, such as 90d, 12h or 30m (default: until revoked)");
        subparser.addArgument("--key-id").help("revoke, rotate: the key's id (the part after lp_)");
        subparser.addArgument("--grace").setDefault("0s")
                .help("rotate: how long the old key keeps working, such as 1h (default: 0s, revoked at once)");
    }

    @Override
    protected void run(Bootstrap<LogpipeConfiguration> bootstrap, Namespace namespace,
            LogpipeConfiguration configuration) throws Exception {
        String action = namespace.getString(ACTION);
        Object result;
        try (CommandDatabase database = configuration.getDatabase().openForCommand()) {
            ManageApiKeys keys = new ManageApiKeys(new PostgresApiKeyStore(database.jdbi()), configuration.peppers(),
                    Clock.systemUTC());
            result = switch (action) {
                case "create" -> created(keys.create(required(namespace, "tenant"), new NewApiKey(
                        parseRoles(namespace.getString("roles")), namespace.getString("description"),
                        expiry(namespace.getString("expires_in")))));
                case "list" -> Map.of("keys", keys.list(Optional.ofNullable(namespace.getString("tenant"))).stream()
                        .map(KeysCommand::view).toList());
                case "revoke" -> keys.revoke(required(namespace, "key_id")).map(KeysCommand::view)
                        .orElseThrow(() -> noSuchKey(namespace));
                default -> keys.rotate(required(namespace, "key_id"), duration(namespace.getString("grace")))
                        .map(KeysCommand::rotated).orElseThrow(() -> noSuchKey(namespace));
            };
        }
        // Printed after the database is closed, so no log line can follow it.
        System.out.println(json(bootstrap.getObjectMapper(), result));
        System.out.flush();
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        cli.getStdErr().println("keys " + namespace.getString(ACTION) + " failed: " + e.getMessage());
        if (e instanceof InvalidRequestException invalid) {
            invalid.errors().forEach(problem -> cli.getStdErr().println("  " + problem));
        }
    }

    private static String required(Namespace namespace, String name) {
        String value = namespace.getString(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(namespace.getString(ACTION) + " needs --" + name.replace('_', '-'));
        }
        return value;
    }

    private static IllegalArgumentException noSuchKey(Namespace namespace) {
        return new IllegalArgumentException("no " + (namespace.getString(ACTION).equals("rotate") ? "active " : "")
                + "key has the id '" + namespace.getString("key_id") + "'");
    }

    private static Set<Role> parseRoles(String roles) {
        Set<Role> parsed = EnumSet.noneOf(Role.class);
        Arrays.stream(roles.split(",")).map(String::trim).filter(name -> !name.isEmpty())
                .map(Role::parse).forEach(parsed::add);
        return parsed;
    }

    private static Instant expiry(String expiresIn) {
        return expiresIn == null ? null : Instant.now().plus(duration(expiresIn));
    }

    /** Reads 90d, 12h, 30m or 45s, as the help shows, into a duration. */
    private static Duration duration(String text) {
        io.dropwizard.util.Duration parsed;
        try {
            parsed = io.dropwizard.util.Duration.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 90d, 12h, 30m or 0s");
        }
        return Duration.ofMillis(parsed.toMilliseconds());
    }

    private static Map<String, Object> created(IssuedApiKey issued) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", issued.key());
        out.putAll(view(issued.stored()));
        return out;
    }

    private static Map<String, Object> rotated(RotatedApiKey rotated) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", created(rotated.replacement()));
        out.put("retired", view(rotated.retired()));
        return out;
    }

    /** A key as {@code GET /admin/keys} shows it: never its hash. */
    private static Map<String, Object> view(StoredApiKey key) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key_id", key.keyId());
        out.put("tenant", key.tenant());
        out.put("roles", key.roles().stream().map(Role::wireName).sorted().toList());
        out.put("description", key.description());
        out.put("created_at", key.createdAt().toString());
        out.put("expires_at", key.expiresAt() == null ? null : key.expiresAt().toString());
        out.put("revoked_at", key.revokedAt() == null ? null : key.revokedAt().toString());
        out.put("last_used_at", key.lastUsedAt() == null ? null : key.lastUsedAt().toString());
        out.put("state", key.revokedAt() != null ? "revoked" : key.isActiveAt(Instant.now()) ? "active" : "expired");
        return out;
    }

    private static String json(ObjectMapper mapper, Object result) throws Exception {
        return mapper.writeValueAsString(result);
    }
}
