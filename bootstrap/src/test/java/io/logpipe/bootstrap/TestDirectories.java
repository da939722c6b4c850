package io.logpipe.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Data directories for embedded servers in tests, removed afterwards so repeated runs do not fill the disk. */
public final class TestDirectories {

    private TestDirectories() {
    }

    static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A directory removed when the test JVM exits, for servers whose stop the test does not control: by then every
     * extension has stopped its application, so no server still writes into it.
     */
    public static Path createDeletedOnExit(String prefix) {
        Path directory = create(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(directory), "delete " + directory));
        return directory;
    }

    static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
