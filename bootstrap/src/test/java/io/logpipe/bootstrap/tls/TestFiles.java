package io.logpipe.bootstrap.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Directories for the TLS tests' keys, certificates and servers. */
final class TestFiles {

    private TestFiles() {
    }

    /**
     * A new directory {@code target/tls/<name>-<time>} in the module. Not under /tmp: a server that runs as another
     * user (PostgreSQL as {@code postgres}, when the tests run as root) must be able to reach it.
     */
    static Path directoryUnderTarget(String name) {
        Path directory = Path.of(System.getProperty("basedir", "")).toAbsolutePath()
                .resolve("target/tls/" + name + "-" + System.currentTimeMillis());
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes {@code root} and everything under it, if it exists. */
    static void delete(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
