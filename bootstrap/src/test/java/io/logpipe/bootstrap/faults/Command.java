package io.logpipe.bootstrap.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short command to its end, such as {@code pg_ctl start} or {@code kill -STOP}, and fails with its output. */
final class Command {

    private Command() {
    }

    /**
     * Runs {@code command}, appending what it prints to {@code log}.
     *
     * @throws IllegalStateException naming the command, its exit code and its output, if it fails or outlasts
     *     {@code timeout}
     */
    static void run(Path log, Duration timeout, List<String> command) {
        run(log, timeout, new ProcessBuilder(command));
    }

    /** As {@link #run(Path, Duration, List)}, for a command with its own environment or working directory. */
    static void run(Path log, Duration timeout, ProcessBuilder builder) {
        List<String> command = builder.command();
        try {
            Files.createDirectories(log.getParent());
            long start = Files.exists(log) ? Files.size(log) : 0;
            Process process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout
                        + ":\n" + outputSince(log, start));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code "
                        + process.exitValue() + ":\n" + outputSince(log, start));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** Sends {@code signal} (such as {@code STOP}) to the process {@code pid} with the {@code kill} command. */
    static void signal(Path log, String signal, long pid) {
        run(log, Duration.ofSeconds(10), List.of("kill", "-" + signal, Long.toString(pid)));
    }

    /** {@code command} run as {@code user} through {@code runuser} when this JVM runs as root, else as it is. */
    static List<String> as(String user, List<String> command) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", user, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static String outputSince(Path log, long offset) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                StandardCharsets.UTF_8);
    }
}
