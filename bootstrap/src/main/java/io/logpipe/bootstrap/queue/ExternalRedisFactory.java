package io.logpipe.bootstrap.queue;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
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
    @Pattern(regexp = "rediss?://[^/]+(/\\d+)?/?",
            message = "must look like redis://host:port/db, or rediss://host:port/db for TLS")
    @JsonProperty
    private String url;

    @Override
    public RedisServerAddress open() {
        return new RedisServerAddress(URI.create(url), () -> { });
    }

    /** A trust store with a {@code redis://} URL would read as TLS switched on while every byte goes in plain text. */
    @ValidationMethod(message = "tls.trustStorePath is set, but only a rediss:// url connects over TLS")
    @JsonIgnore
    public boolean isTrustStoreOnlyWithTls() {
        // Compared as text: validation must not throw on a url that the pattern above refuses.
        return url == null || !tls().hasTrustStore() || url.regionMatches(true, 0, "rediss://", 0, 9);
    }

    @Override
    public String describe() {
        URI uri = URI.create(url);
        return "external Redis at " + uri.getHost() + ":" + uri.getPort() + (usesTls(uri) ? " over TLS" : "");
    }
}
