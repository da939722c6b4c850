package io.logpipe.bootstrap.deadletters;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.logpipe.bootstrap.LogpipeConfiguration;
import io.logpipe.bootstrap.queue.CommandQueue;
import io.logpipe.domain.DeadLetterPage;
import io.logpipe.domain.DeadLetterScope;
import io.logpipe.domain.DeadLetterStore;
import io.logpipe.domain.ReplayReport;
import io.logpipe.domain.StoredDeadLetter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code dead-letters list|replay|purge [--tenant T] [--id ID]... [--all] [--limit N] config.yml}: the operator's
 * view of the dead letters, of every tenant unless {@code --tenant} names one, undecodable records included. Works in
 * both Redis modes, also while the server runs: in embedded mode it attaches to the server's running Redis.
 *
 * <p>{@code list} prints one line per dead letter, oldest first, at most {@code --limit} (default
 * {@value #DEFAULT_LIMIT}), with tab-separated id, tenant, reason, code, deliveries and the time it was set aside;
 * {@code -} stands for no tenant or no code. {@code replay} and {@code purge} act on the dead letters named with
 * {@code --id} (repeated for several) or on all of them with {@code --all}, and print one line saying what they did.
 * Output is printed once Redis is closed, so no log line can follow it.
 */
public final class DeadLettersCommand extends ConfiguredCommand<LogpipeConfiguration> {
    static final int DEFAULT_LIMIT = 100;
    private static final String ACTION = "action";
    private static final String NONE = "-";

    public DeadLettersCommand() {
        super("dead-letters", "List, replay or purge dead letters: "
                + "'dead-letters list|replay|purge [--tenant T] [--id ID]... [--all] [--limit N] config.yml'");
    }

    @Override
    public void configure(Subparser subparser) {
        // Added before the config file argument so the action is read as the action, not as the file.
        subparser.addArgument(ACTION).choices("list", "replay", "purge").help("what to do: list, replay or purge");
        super.configure(subparser);
        subparser.addArgument("--tenant").help("only this tenant's dead letters (default: every tenant's)");
        subparser.addArgument("--id").dest("ids").action(Arguments.append())
                .help("a dead letter to replay or purge; repeat for several");
        subparser.addArgument("--all").action(Arguments.storeTrue()).help("replay or purge every dead letter");
        subparser.addArgument("--limit").type(Integer.class).setDefault(DEFAULT_LIMIT)
                .help("list at most this many (default: " + DEFAULT_LIMIT + ")");
    }

    @Override
    protected void run(Bootstrap<LogpipeConfiguration> bootstrap, Namespace namespace,
            LogpipeConfiguration configuration) throws Exception {
        String action = namespace.getString(ACTION);
        List<String> ids = namespace.getList("ids") == null ? List.of() : namespace.getList("ids");
        boolean all = namespace.getBoolean("all");
        int limit = namespace.getInt("limit");
        requireSelection(action, ids, all, limit);
        String tenant = namespace.getString("tenant");
        DeadLetterScope scope = tenant == null ? DeadLetterScope.everything() : DeadLetterScope.of(tenant);
        List<String> output;
        int maxDeliveries = configuration.getWorker().getMaxDeliveries();
        try (CommandQueue queue = configuration.getRedis().openForCommand(maxDeliveries)) {
            DeadLetterStore store = queue.queue().deadLetterStore();
            output = switch (action) {
                case "list" -> list(store, scope, limit);
                case "replay" -> List.of(all ? "replayed " + store.replayAll(scope)
                        : replayed(store.replay(scope, ids)));
                default -> List.of(all ? "purged " + store.purgeAll(scope) : purged(ids, store.purge(scope, ids)));
            };
        }
        output.forEach(System.out::println);
        System.out.flush();
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        cli.getStdErr().println("dead-letters " + namespace.getString(ACTION) + " failed: " + e.getMessage());
    }

    private static void requireSelection(String action, List<String> ids, boolean all, int limit) {
        if (action.equals("list")) {
            if (!ids.isEmpty() || all) {
                throw new IllegalArgumentException("list takes no --id or --all; use --tenant and --limit");
            }
            if (limit < 1) {
                throw new IllegalArgumentException("--limit must be at least 1");
            }
        } else if (ids.isEmpty() == !all) {
            throw new IllegalArgumentException(action + " needs either --id (repeated for several) or --all");
        }
    }

    private static List<String> list(DeadLetterStore store, DeadLetterScope scope, int limit) {
        List<String> lines = new ArrayList<>();
        String cursor = null;
        do {
            DeadLetterPage page = store.list(scope, Math.min(limit - lines.size(), DeadLetterStore.MAX_LIMIT), cursor);
            page.letters().forEach(letter -> lines.add(line(letter)));
            cursor = page.nextCursor();
        } while (cursor != null && lines.size() < limit);
        return lines;
    }

    private static String line(StoredDeadLetter letter) {
        return String.join("\t", letter.id(), letter.tenant() == null ? NONE : letter.tenant(),
                oneLine(letter.reason()), letter.code().isEmpty() ? NONE : letter.code(),
                String.valueOf(letter.deliveries()), letter.setAsideAt().toString());
    }

    /** A reason may span lines or hold tabs, as PostgreSQL's do; a line per dead letter must not. */
    private static String oneLine(String text) {
        return text.isBlank() ? NONE : text.replaceAll("\\p{Cntrl}+", " ").strip();
    }

    private static String replayed(ReplayReport report) {
        return "replayed " + report.replayed().size()
                + (report.notFound().isEmpty() ? "" : "; not found: " + String.join(" ", report.notFound()))
                + (report.undecodable().isEmpty() ? ""
                        : "; cannot be decoded, so not replayed (purge them instead): "
                                + String.join(" ", report.undecodable()));
    }

    private static String purged(List<String> asked, List<String> purged) {
        Set<String> gone = Set.copyOf(purged);
        List<String> notFound = asked.stream().distinct().filter(id -> !gone.contains(id)).toList();
        return "purged " + purged.size() + (notFound.isEmpty() ? "" : "; not found: " + String.join(" ", notFound));
    }
}
