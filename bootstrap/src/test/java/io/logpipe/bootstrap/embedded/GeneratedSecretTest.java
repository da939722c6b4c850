package io.logpipe.bootstrap.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeneratedSecretTest {
    @TempDir
    Path directory;

    @Test
    void makesA256BitSecretInAFileOnlyItsOwnerCanReadWhenNoneExists() throws IOException {
        Path file = directory.resolve("server.password");

        String secret = GeneratedSecret.readOrCreate(file);

        assertThat(Base64.getUrlDecoder().decode(secret)).hasSize(32);
        assertThat(Files.readString(file).strip()).isEqualTo(secret);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void readsTheSameSecretOnEveryLaterStart() throws IOException {
        Path file = directory.resolve("server.password");
        String first = GeneratedSecret.readOrCreate(file);

        assertThat(GeneratedSecret.readOrCreate(file)).isEqualTo(first);
        assertThat(GeneratedSecret.read(file)).isEqualTo(first);
    }

    @Test
    void makesADifferentSecretForEachFile() throws IOException {
        assertThat(GeneratedSecret.readOrCreate(directory.resolve("a.password")))
                .isNotEqualTo(GeneratedSecret.readOrCreate(directory.resolve("b.password")));
    }

    @Test
    void leavesNoTemporaryFileBehind() throws IOException {
        GeneratedSecret.readOrCreate(directory.resolve("server.password"));

        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("server.password");
        }
    }

    @Test
    void givesProcessesCreatingTheSameFileAtOnceTheOneSecretThatWon() throws Exception {
        Path file = directory.resolve("server.password");
        int racers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(racers);
        try {
            List<Future<String>> secrets = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                Callable<String> race = () -> {
                    start.await();
                    return GeneratedSecret.readOrCreate(file);
                };
                secrets.add(threads.submit(race));
            }
            start.countDown();
            Set<String> distinct = secrets.stream().map(GeneratedSecretTest::get).collect(Collectors.toSet());

            assertThat(distinct).containsExactly(Files.readString(file).strip());
        } finally {
            threads.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r-----", "rw----r--", "rw-----w-", "rw--w----"})
    void refusesASecretFileOtherUsersCanReadOrChange(String mode) throws IOException {
        Path file = directory.resolve("server.password");
        String secret = GeneratedSecret.readOrCreate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));

        assertThatThrownBy(() -> GeneratedSecret.readOrCreate(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(mode)
                .hasMessageContaining("chmod 600 " + file)
                .hasMessageNotContaining(secret);
        assertThat(Files.readString(file).strip()).isEqualTo(secret);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "too-short", "has spaces and is long enough to pass the length rule........"})
    void refusesAFileThatHoldsNoSecret(String content) throws IOException {
        Path file = directory.resolve("server.password");
        PrivateFile.create(file, content);

        assertThatThrownBy(() -> GeneratedSecret.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does not hold a secret");
    }

    @Test
    void refusesToReadAMissingFileWithoutMakingOne() {
        Path file = directory.resolve("server.password");

        assertThatThrownBy(() -> GeneratedSecret.read(file)).isInstanceOf(IOException.class);
        assertThat(file).doesNotExist();
    }

    @Test
    void neverReplacesAnExistingPrivateFile() throws IOException {
        Path file = directory.resolve("first-api-key");
        PrivateFile.create(file, "the first\n");

        assertThatThrownBy(() -> PrivateFile.create(file, "the second\n"))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(file).hasContent("the first");
    }

    @Test
    void replacesAPrivateFileWholeAndKeepsItPrivate() throws IOException {
        Path file = directory.resolve("pg_hba.conf");
        Files.writeString(file, "local all all trust\n");

        PrivateFile.replace(file, "local all all scram-sha-256\n");

        assertThat(file).hasContent("local all all scram-sha-256");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    private static String get(Future<String> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
