package io.logpipe.bootstrap.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.application.IssuedApiKey;
import io.logpipe.bootstrap.keys.FirstKeyFile;
import io.logpipe.domain.Role;
import io.logpipe.domain.StoredApiKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first key's file, which the embedded default writes into the data directory beside the servers' secrets. */
class FirstKeyFileTest {
    private static final IssuedApiKey FIRST = issued("0123456789abcdef", "a");
    private static final IssuedApiKey LATER = issued("fedcba9876543210", "b");

    @TempDir
    Path data;

    @Test
    void putsTheKeyAloneOnTheFirstLineOfAFileOnlyItsOwnerCanRead() throws IOException {
        Path file = data.resolve("first-api-key");

        FirstKeyFile.write(FIRST, file);

        assertThat(Files.readAllLines(file).get(0)).isEqualTo(FIRST.key());
        assertThat(Files.readString(file)).contains("tenant 'default' with roles admin,ingest,query");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void leavesAnEarlierFirstKeyAloneAndWritesTheNewOneBesideIt() throws IOException {
        Path file = data.resolve("first-api-key");
        FirstKeyFile.write(FIRST, file);

        FirstKeyFile.write(LATER, file);

        assertThat(Files.readAllLines(file).get(0)).isEqualTo(FIRST.key());
        assertThat(Files.readAllLines(data.resolve("first-api-key-" + LATER.keyId())).get(0)).isEqualTo(LATER.key());
    }

    @Test
    void saysHowToGetAKeyWhenTheFileCannotBeWritten() {
        Path file = data.resolve("missing-directory").resolve("first-api-key");

        assertThatThrownBy(() -> FirstKeyFile.write(FIRST, file))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("could not write it to " + file)
                .hasMessageContaining("keys create --tenant default --roles admin,ingest,query")
                .hasMessageNotContaining(FIRST.key());
    }

    private static IssuedApiKey issued(String keyId, String secretCharacter) {
        return new IssuedApiKey("lp_" + keyId + "_" + secretCharacter.repeat(43), new StoredApiKey(keyId, "default",
                EnumSet.allOf(Role.class), "", new byte[32], 1, Instant.parse("2026-12-02T00:00:00Z"), null, null,
                null));
    }
}
