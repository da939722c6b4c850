package io.logpipe.bootstrap.embedded;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.logpipe.bootstrap.database.Database;
import io.logpipe.bootstrap.database.DatabaseFactory;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A PostgreSQL 15 that logpipe runs itself from the binaries bundled in its jar, keeping its files under
 * {@code dataDirectory}, so a machine with nothing but Java can run logpipe and keep its entries across restarts.
 */
@JsonIgnoreProperties({"url", "user", "password"})
public final class EmbeddedDatabaseFactory extends DatabaseFactory {

    @NotNull
    @JsonProperty
    private Path dataDirectory = Path.of("data", "postgres");

    /** 0 picks a free port at each start; clients find it through the server's pid file. */
    @Min(0)
    @Max(65535)
    @JsonProperty
    private int port = 0;

    @Override
    public Database open() throws Exception {
        return EmbeddedPostgresServer.startOrAttach(dataDirectory(), port, getPool());
    }

    /** Where the embedded PostgreSQL keeps its files. */
    public Path dataDirectory() {
        return dataDirectory.toAbsolutePath().normalize();
    }

    /**
     * Where a first start writes the key it makes: beside the PostgreSQL data directory, in logpipe's data directory
     * ({@code data/first-api-key} by default).
     */
    public Path firstKeyFile() {
        return dataDirectory().resolveSibling("first-api-key");
    }

    @Override
    public boolean canGeneratePepper() {
        return true;
    }

    /** Kept beside the PostgreSQL data directory ({@code data/key-pepper}), readable by this user only. */
    @Override
    public Optional<String> generatedPepper() {
        Path file = dataDirectory().resolveSibling("key-pepper");
        try {
            return Optional.of(GeneratedSecret.readOrCreate(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make the API key pepper in " + file + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "embedded PostgreSQL in " + dataDirectory();
    }
}
