package io.logpipe.bootstrap.queue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.net.URI;

/**
 * A Redis that runs elsewhere. For the delivery promise to hold across a Redis restart, that server needs
 * {@code appendonly yes} (ideally {@code appendfsync always}); logpipe cannot set that for an external server.
 */
@JsonIgnoreProperties({"dataDirectory", "port"})
public final class ExternalRedisFactory extends RedisFactory {

    @NotBlank(message = "is required in external mode (set LOGPIPE_REDIS_URL)")
    @Pattern(regexp = "rediss?://[^/]+(/\\d+)?/?", message = "must look like redis://host:port/db")
    @JsonProperty
    private String url;

    @Override
    public RedisServerAddress open() {
        return new RedisServerAddress(URI.create(url), () -> { });
    }

    @Override
    public String describe() {
        return "external Redis at " + URI.create(url).getHost() + ":" + URI.create(url).getPort();
    }
}
