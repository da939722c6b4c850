package io.logpipe.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code java -jar logpipe.jar --version}, run on the jar this build made. */
class VersionIT {

    @Test
    void versionFlagPrintsTheVersionAndTheCommit() throws Exception {
        Path jar = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("target/logpipe.jar");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--version").redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();

        assertThat(process.exitValue()).as(printed).isZero();
        BuildInfo build = BuildInfo.current();
        assertThat(printed).isEqualTo(build.version() + " (commit " + build.commit() + ")")
                .matches("\\d+\\.\\d+\\.\\d+\\S* \\(commit [0-9a-f]{10}\\)");
    }
}
