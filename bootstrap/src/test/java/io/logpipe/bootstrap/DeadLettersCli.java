package io.logpipe.bootstrap;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs {@code dead-letters ...} in-process, exactly as the command line does, and keeps what it printed. */
final class DeadLettersCli {

    private DeadLettersCli() {
    }

    /** Runs {@code dead-letters <arguments> <config>}. */
    static Run run(Path config, String... arguments) {
        LogpipeApplication application = new LogpipeApplication();
        Bootstrap<LogpipeConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        List<String> command = new ArrayList<>(List.of("dead-letters"));
        command.addAll(List.of(arguments));
        command.add(config.toString());
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        Optional<Throwable> failure;
        synchronized (DeadLettersCli.class) {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            try {
                Cli cli = new Cli(new JarLocation(LogpipeApplication.class), bootstrap, stdout, stderr);
                failure = cli.run(command.toArray(String[]::new));
            } finally {
                System.setOut(originalOut);
            }
        }
        return new Run(failure.isEmpty(), stdout.toString(StandardCharsets.UTF_8).lines().toList(),
                stderr.toString(StandardCharsets.UTF_8));
    }

    /**
     * What a run did.
     *
     * @param succeeded whether the command ended without an error
     * @param lines everything it printed on standard output, log lines included, one per line
     * @param stderr what it printed on standard error
     */
    record Run(boolean succeeded, List<String> lines, String stderr) {

        /** The lines of the dead letter with this id, as {@code list} prints them: tab-separated fields. */
        List<String[]> deadLetter(String id) {
            return lines.stream().filter(line -> line.startsWith(id + "\t")).map(line -> line.split("\t", -1))
                    .toList();
        }
    }
}
