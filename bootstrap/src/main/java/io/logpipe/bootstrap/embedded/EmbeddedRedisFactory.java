package io.logpipe.bootstrap.embedded;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.logpipe.bootstrap.queue.RedisFactory;
import io.logpipe.bootstrap.queue.RedisServerAddress;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;

/**
 * A Redis that logpipe runs itself from the binary bundled in its jar, with the append-only file fsynced on every
 * write under {@code dataDirectory}: an entry answered with 202 survives a crash and restart of the whole server.
 */
@JsonIgnoreProperties({"url"})
public final class EmbeddedRedisFactory extends RedisFactory {

    @NotNull
    @JsonProperty
    private Path dataDirectory = Path.of("data", "redis");

    /** 0 picks a free port at each start. */
    @Min(0)
    @Max(65535)
    @JsonProperty
    private int port = 0;

    @Override
    public RedisServerAddress open() throws Exception {
        return EmbeddedRedisServer.startOrAttach(dataDirectory.toAbsolutePath().normalize(), port);
    }

    @Override
    public String describe() {
        return "embedded Redis in " + dataDirectory.toAbsolutePath().normalize();
    }
}
