package io.logpipe.bootstrap.retention;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.logpipe.application.RestoreArchive;
import io.logpipe.bootstrap.LogpipeConfiguration;
import io.logpipe.bootstrap.database.CommandDatabase;
import io.logpipe.domain.ArchiveCorruptException;
import io.logpipe.domain.ArchiveManifest;
import io.logpipe.domain.ArchiveStore;
import io.logpipe.domain.ArchivedFile;
import io.logpipe.postgres.PostgresLogStore;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code archive list|verify|restore [--day YYYY-MM-DD] [--tenant T] config.yml}, on the directory of
 * {@code retention.archive} (also when the job does not archive). {@code list} prints one tab-separated line per
 * archived day: day, files, entries, bytes. {@code verify --day} reads a day back against its manifest. {@code restore
 * --day [--tenant]} verifies the day, then writes its entries (or one tenant's) back into PostgreSQL; repeating it
 * stores nothing twice. Each prints its outcome on the last line; a failed verify names every problem.
 */
public final class ArchiveCommand extends ConfiguredCommand<LogpipeConfiguration> {
    static final int RESTORE_BATCH = 1000;
    private static final String ACTION = "action";

    public ArchiveCommand() {
        super("archive", "List, verify or restore archived days: "
                + "'archive list|verify|restore [--day YYYY-MM-DD] [--tenant T] config.yml'");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument(ACTION).choices("list", "verify", "restore").help("what to do: list, verify or restore");
        super.configure(subparser);
        subparser.addArgument("--day").help("the UTC day, as YYYY-MM-DD (verify and restore)");
        subparser.addArgument("--tenant").help("restore only this tenant's entries");
    }

    @Override
    protected void run(Bootstrap<LogpipeConfiguration> bootstrap, Namespace namespace,
            LogpipeConfiguration configuration) throws Exception {
        String action = namespace.getString(ACTION);
        String dayText = namespace.getString("day");
        Optional<String> tenant = Optional.ofNullable(namespace.getString("tenant"));
        if (action.equals("list") != (dayText == null) || tenant.isPresent() && !action.equals("restore")) {
            throw new IllegalArgumentException("list takes no --day; verify and restore need --day; only restore "
                    + "takes --tenant");
        }
        ArchiveStore archive = configuration.getRetention().archiveStore();
        List<String> output = switch (action) {
            case "list" -> list(archive);
            case "verify" -> List.of(verified(archive.verify(LocalDate.parse(dayText))));
            default -> List.of(restore(configuration, archive, LocalDate.parse(dayText), tenant));
        };
        output.forEach(System.out::println);
        System.out.flush();
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        cli.getStdErr().println("archive " + namespace.getString(ACTION) + " failed: " + e.getMessage());
        if (e instanceof ArchiveCorruptException corrupt) {
            corrupt.problems().forEach(problem -> cli.getStdErr().println("  " + problem));
        }
    }

    private static List<String> list(ArchiveStore archive) {
        List<String> lines = new ArrayList<>();
        for (LocalDate day : archive.days()) {
            archive.manifest(day).ifPresent(manifest -> lines.add(String.join("\t", day.toString(),
                    String.valueOf(manifest.files().size()), String.valueOf(rows(manifest)),
                    String.valueOf(manifest.files().stream().mapToLong(ArchivedFile::bytes).sum()))));
        }
        return lines;
    }

    private static String verified(ArchiveManifest manifest) {
        return "verified " + manifest.day() + ": " + manifest.files().size() + " files, " + rows(manifest)
                + " entries";
    }

    private static String restore(LogpipeConfiguration configuration, ArchiveStore archive, LocalDate day,
            Optional<String> tenant) throws Exception {
        RestoreArchive.Restored restored;
        try (CommandDatabase database = configuration.getDatabase().openForCommand()) {
            restored = new RestoreArchive(archive, new PostgresLogStore(database.jdbi()), RESTORE_BATCH)
                    .restore(day, tenant);
        }
        return "restored " + day + ": " + restored.files() + " files, " + restored.read() + " entries read, "
                + restored.written() + " newly stored";
    }

    private static long rows(ArchiveManifest manifest) {
        return manifest.files().stream().mapToLong(ArchivedFile::rows).sum();
    }
}
