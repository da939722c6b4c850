package io.logpipe.bootstrap.keys;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.benmanes.caffeine.cache.CaffeineSpec;
import io.logpipe.application.SecretHasher;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** API key settings: the pepper that keyed hashes of key secrets are made with, and how long verified keys are kept. */
public final class KeysFactory {
    /** The pepper config.yml falls back to; fine on a laptop, never in production. */
    public static final String DEVELOPMENT_PEPPER = "logpipe-development-pepper-change-me";
    private static final Logger LOG = LoggerFactory.getLogger(KeysFactory.class);

    /** Changing it invalidates every existing key, since stored hashes were made with the old one. */
    @NotNull
    @Size(min = 16, message = "must be at least 16 characters")
    @JsonProperty
    private String pepper = DEVELOPMENT_PEPPER;

    /**
     * A Caffeine spec for remembering verified keys: each is checked against PostgreSQL again after
     * {@code refreshAfterWrite}, and while PostgreSQL is unreachable a remembered key keeps working until
     * {@code expireAfterWrite}, so ingest carries on through a database outage.
     */
    @NotNull
    @JsonProperty
    private String cache = "maximumSize=10000,refreshAfterWrite=1m,expireAfterWrite=1h";

    public CaffeineSpec cacheSpec() {
        return CaffeineSpec.parse(cache);
    }

    public SecretHasher hasher() {
        if (DEVELOPMENT_PEPPER.equals(pepper)) {
            LOG.warn("API keys are hashed with the built-in development pepper; set LOGPIPE_KEY_PEPPER in production");
        }
        return new SecretHasher(pepper);
    }
}
