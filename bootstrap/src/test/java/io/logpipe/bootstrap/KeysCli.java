package io.logpipe.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Runs {@code keys ...} in-process, exactly as the command line does, and reads the JSON it prints. */
public final class KeysCli {

    private KeysCli() {
    }

    public static String createKey(Path config, String tenant, String roles) throws Exception {
        return createKeyJson(config, tenant, roles).get("key").asText();
    }

    static JsonNode createKeyJson(Path config, String tenant, String roles) throws Exception {
        return run(config, "create", "--tenant", tenant, "--roles", roles);
    }

    /** Runs {@code keys <action> <arguments> <config>} and reads the JSON object it prints last. */
    static JsonNode run(Path config, String action, String... arguments) throws Exception {
        LogpipeApplication application = new LogpipeApplication();
        Bootstrap<LogpipeConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        Optional<Throwable> failure;
        synchronized (KeysCli.class) {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            try {
                Cli cli = new Cli(new JarLocation(LogpipeApplication.class), bootstrap, stdout, stderr);
                List<String> command = new java.util.ArrayList<>(List.of("keys", action));
                command.addAll(List.of(arguments));
                command.add(config.toString());
                failure = cli.run(command.toArray(String[]::new));
            } finally {
                System.setOut(originalOut);
            }
        }
        if (failure.isPresent()) {
            throw new AssertionError("keys " + action + " failed: " + stderr.toString(StandardCharsets.UTF_8),
                    failure.get());
        }
        List<String> lines = stdout.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        return new ObjectMapper().readTree(lines.get(lines.size() - 1));
    }
}
