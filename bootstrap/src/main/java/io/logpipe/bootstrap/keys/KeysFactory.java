package io.logpipe.bootstrap.keys;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.logpipe.application.SecretHasher;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** API key settings: the pepper that keyed hashes of key secrets are made with. */
public final class KeysFactory {
    /** The pepper config.yml falls back to; fine on a laptop, never in production. */
    public static final String DEVELOPMENT_PEPPER = "logpipe-development-pepper-change-me";
    private static final Logger LOG = LoggerFactory.getLogger(KeysFactory.class);

    /** Changing it invalidates every existing key, since stored hashes were made with the old one. */
    @NotNull
    @Size(min = 16, message = "must be at least 16 characters")
    @JsonProperty
    private String pepper = DEVELOPMENT_PEPPER;

    public SecretHasher hasher() {
        if (DEVELOPMENT_PEPPER.equals(pepper)) {
            LOG.warn("API keys are hashed with the built-in development pepper; set LOGPIPE_KEY_PEPPER in production");
        }
        return new SecretHasher(pepper);
    }

    public void setPepper(String pepper) {
        this.pepper = pepper;
    }
}
