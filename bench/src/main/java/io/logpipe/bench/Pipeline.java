package io.logpipe.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * logpipe as the harness runs it against one database and one Redis database: its CLI ({@code db migrate},
 * {@code keys create}) and its servers, either one process accepting only, or an API process that also drains plus
 * further worker-only processes.
 */
final class Pipeline {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LogpipeProcess.Setup setup;
    private final Map<String, String> environment;
    private final int basePort;

    Pipeline(LogpipeProcess.Setup setup, Map<String, String> environment, int basePort) {
        this.setup = setup;
        this.environment = environment;
        this.basePort = basePort;
    }

    void migrate() throws IOException, InterruptedException {
        cli("db-migrate", List.of("db", "migrate", setup.config().toString()));
    }

    /** Creates an API key for the tenant with the real {@code keys create} command; returns the key. */
    String createKey(String tenant) throws IOException, InterruptedException {
        String output = cli("keys-" + tenant, List.of("keys", "create", "--tenant", tenant, "--roles",
                "ingest,query", setup.config().toString()));
        String last = output.strip().lines().reduce((first, second) -> second).orElse("");
        return JSON.readTree(last).get("key").asText();
    }

    /**
     * Starts the processes of one topology.
     *
     * @param workers 0 for a process that only accepts; otherwise the number of processes that drain the queue, the
     *     first of which also serves the API
     * @return the processes, API first
     */
    List<LogpipeProcess> start(String label, int workers) throws IOException, InterruptedException {
        return start(label, workers, Map.of());
    }

    /** As {@link #start(String, int)}, with configuration settings overridden by dotted path. */
    List<LogpipeProcess> start(String label, int workers, Map<String, String> settings)
            throws IOException, InterruptedException {
        List<LogpipeProcess> processes = new ArrayList<>();
        try {
            processes.add(LogpipeProcess.start(setup, environment, label + "-0", workers == 0 ? "api" : "api,worker",
                    basePort, basePort + 1, settings));
            for (int i = 1; i < workers; i++) {
                processes.add(LogpipeProcess.start(setup, environment, label + "-" + i, "worker",
                        basePort + 2 * i, basePort + 2 * i + 1, settings));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(processes);
            throw e;
        }
        return processes;
    }

    static void stop(List<LogpipeProcess> processes) throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
    }

    private String cli(String logName, List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(setup.java(), "-jar", setup.jar().toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().put("LOGPIPE_MIGRATE_ON_START", "false");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        java.nio.file.Files.writeString(setup.logDirectory().resolve(logName + ".log"), output);
        if (process.waitFor() != 0) {
            throw new IOException("logpipe " + String.join(" ", arguments) + " failed:\n" + output);
        }
        return output;
    }
}
