package io.logpipe.bootstrap.keys;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.logpipe.application.Peppers;
import io.logpipe.domain.ApiKeyStore;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * API key settings: the peppers that keyed hashes of key secrets are made with, and how long key lookups are
 * remembered.
 */
public final class KeysFactory {
    /** The shortest pepper accepted. */
    public static final int MIN_PEPPER_LENGTH = 16;

    /**
     * The current pepper. Required when the database is external; with the embedded one, an empty pepper means one
     * generated into the data directory. An empty value in config.yml reads as null; both mean none.
     */
    @JsonProperty
    private String pepper;

    /** The version stored with each key hashed under {@link #pepper}; raise it when the pepper changes. */
    @Min(1)
    @JsonProperty
    private int pepperVersion = 1;

    /**
     * The pepper of the version before, still honoured for the keys made under it until they are rotated; empty for
     * none.
     */
    @JsonProperty
    private String previousPepper;

    /** How long a key lookup is used before the key is looked up again: the bound on how late a revocation bites. */
    @NotNull
    @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS, inclusive = false)
    @MaxDuration(value = 5, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration recheckAfter = Duration.seconds(2);

    /** How long a key keeps its last known state while PostgreSQL is unreachable. */
    @NotNull
    @JsonProperty
    private Duration outageGrace = Duration.hours(1);

    @Min(1)
    @Max(10_000_000)
    @JsonProperty
    private long maximumKeys = 100_000;

    /** What is wrong with the pepper settings, given whether a generated pepper is available; empty when nothing. */
    public Optional<String> problem(boolean canGeneratePepper) {
        String pepper = current();
        String previousPepper = previous();
        if (pepper.isEmpty() && !canGeneratePepper) {
            return Optional.of("is required when the database is external: set LOGPIPE_KEY_PEPPER to a random secret of "
                    + "at least " + MIN_PEPPER_LENGTH + " characters, the same on every logpipe process");
        }
        if (!pepper.isEmpty() && pepper.length() < MIN_PEPPER_LENGTH) {
            return Optional.of("must be at least " + MIN_PEPPER_LENGTH + " characters");
        }
        if (!previousPepper.isEmpty() && (previousPepper.length() < MIN_PEPPER_LENGTH || pepperVersion < 2)) {
            return Optional.of("previousPepper needs pepperVersion 2 or more and at least " + MIN_PEPPER_LENGTH
                    + " characters");
        }
        return Optional.empty();
    }

    /**
     * The peppers to hash and verify with.
     *
     * @param generatedPepper reads or makes the pepper kept in the data directory; used only when none is configured
     */
    public Peppers peppers(Supplier<String> generatedPepper) {
        String pepper = current();
        String previousPepper = previous();
        Map<Integer, String> peppers = new TreeMap<>();
        peppers.put(pepperVersion, pepper.isEmpty() ? generatedPepper.get() : pepper);
        if (!previousPepper.isEmpty()) {
            peppers.put(pepperVersion - 1, previousPepper);
        }
        return new Peppers(pepperVersion, peppers);
    }

    /** Key lookups of {@code store}, remembered as these settings say. */
    public RecheckingKeyCache cache(ApiKeyStore store) {
        return new RecheckingKeyCache(store, java.time.Duration.ofMillis(recheckAfter.toMilliseconds()),
                java.time.Duration.ofMillis(outageGrace.toMilliseconds()), maximumKeys);
    }

    private String current() {
        return pepper == null ? "" : pepper;
    }

    private String previous() {
        return previousPepper == null ? "" : previousPepper;
    }

    /** For the startup log. */
    public String describe() {
        return "pepper version " + pepperVersion + (previous().isEmpty() ? "" : " (and " + (pepperVersion - 1)
                + ")") + (current().isEmpty() ? ", generated" : "") + "; revocations take effect within "
                + recheckAfter + ", known keys work through a database outage for " + outageGrace;
    }
}
