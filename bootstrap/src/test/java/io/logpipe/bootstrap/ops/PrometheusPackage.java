package io.logpipe.bootstrap.ops;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The programs of Debian's {@code prometheus} package ({@code prometheus}, {@code promtool}), found on the
 * {@code PATH}. Where one is missing, the test that needs it is skipped on a developer's machine and fails in CI
 * ({@code CI=true}), where {@code .ci/run} installs the package.
 */
final class PrometheusPackage {
    static final String DEBIAN_PACKAGE = "prometheus";

    private PrometheusPackage() {
    }

    /** The program {@code name} on the {@code PATH}; skips or fails the calling test when there is none. */
    static Path binary(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, name))
                .filter(candidate -> Files.isRegularFile(candidate) && Files.isExecutable(candidate))
                .findFirst()
                .orElseGet(() -> "true".equals(System.getenv("CI"))
                        ? fail(name + " is not on the PATH; .ci/run should have installed the Debian package "
                                + DEBIAN_PACKAGE)
                        : abort(name + " is not on the PATH: install the Debian package " + DEBIAN_PACKAGE
                                + " (apt-get install " + DEBIAN_PACKAGE + ") to run this test"));
    }
}
