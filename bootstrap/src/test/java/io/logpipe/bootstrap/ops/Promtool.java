package io.logpipe.bootstrap.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus' {@code promtool}, found on the {@code PATH} and run to its end with its output captured. Not on the
 * {@code PATH}, a test that needs it is skipped on a developer's machine and fails in CI ({@code CI=true}), where
 * {@code .ci/run} is meant to have installed it.
 */
final class Promtool {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final Path executable;

    private Promtool(Path executable) {
        this.executable = executable;
    }

    /** The promtool on the {@code PATH}; skips or fails the calling test without one ({@link PrometheusPackage}). */
    static Promtool onPathOrSkip() {
        return new Promtool(PrometheusPackage.binary("promtool"));
    }

    /**
     * Runs {@code promtool} with {@code arguments}, standard output and error together.
     *
     * @throws IllegalStateException if it has not finished within two minutes (it is killed)
     */
    Run run(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(arguments));
        Path output = null;
        try {
            // A file rather than a pipe: a pipe nobody reads while we wait fills up and blocks promtool.
            output = Files.createTempFile("promtool", ".out");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + TIMEOUT
                        + ":\n" + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Run(command, process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    // A leftover file in the temporary directory is no reason to fail a test.
                }
            }
        }
    }

    /** One finished run: the command line, its exit code and everything it printed. */
    record Run(List<String> command, int exitCode, String output) {
        /** The command, exit code and output, for an assertion's failure message. */
        String describe() {
            return String.join(" ", command) + " exited with " + exitCode + ":\n" + output;
        }
    }
}
