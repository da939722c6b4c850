package io.logpipe.bootstrap.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The command-line tools the TLS tests make keys and certificates with: {@code openssl} and {@code keytool}. */
final class Tools {

    private Tools() {
    }

    /** The tool {@code name} from this JVM's own {@code bin} directory (where keytool lives), else from the PATH. */
    static Optional<Path> find(String name) {
        Path besideJava = Path.of(System.getProperty("java.home"), "bin", name);
        if (Files.isExecutable(besideJava)) {
            return Optional.of(besideJava);
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Runs {@code command} in {@code directory} to its end.
     *
     * @throws IllegalStateException naming the command and what it printed, if it fails or takes over a minute
     */
    static void run(Path directory, List<String> command) {
        Path output = directory.resolve("tool-output.txt");
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within a minute");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code "
                        + process.exitValue() + ":\n" + Files.readString(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
