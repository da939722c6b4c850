package io.logpipe.application;

import java.util.Map;
import java.util.TreeMap;

/**
 * The server's peppers by version: new secrets are hashed under the current one; keys made under an earlier one keep
 * working while that pepper is still configured, until they are rotated. Thread-safe and immutable.
 */
public final class Peppers {
    private final int currentVersion;
    private final Map<Integer, SecretHasher> byVersion;

    /**
     * @param currentVersion the version new keys are hashed under; must be among {@code peppers}
     * @param peppers every pepper still honoured, by version (at least 1)
     * @throws IllegalArgumentException if the current version is missing, a version is below 1, or a pepper is too
     *     short
     */
    public Peppers(int currentVersion, Map<Integer, String> peppers) {
        Map<Integer, SecretHasher> hashers = new TreeMap<>();
        peppers.forEach((version, pepper) -> {
            if (version < 1) {
                throw new IllegalArgumentException("pepper versions start at 1; got " + version);
            }
            hashers.put(version, new SecretHasher(pepper));
        });
        if (!hashers.containsKey(currentVersion)) {
            throw new IllegalArgumentException("no pepper is configured for the current version " + currentVersion);
        }
        this.currentVersion = currentVersion;
        this.byVersion = Map.copyOf(hashers);
    }

    /** One pepper, version 1: for a server that never rotated it. */
    public static Peppers single(String pepper) {
        return new Peppers(1, Map.of(1, pepper));
    }

    /** The version new keys are hashed under. */
    public int currentVersion() {
        return currentVersion;
    }

    /** HMAC-SHA256 of the secret under the current pepper. */
    public byte[] hashCurrent(String secret) {
        return byVersion.get(currentVersion).hash(secret);
    }

    /** True if a key hashed under {@code version} can still be checked. */
    public boolean knows(int version) {
        return byVersion.containsKey(version);
    }

    /**
     * HMAC-SHA256 of the secret under the pepper of {@code version}.
     *
     * @throws IllegalArgumentException if that version is not configured
     */
    public byte[] hash(int version, String secret) {
        SecretHasher hasher = byVersion.get(version);
        if (hasher == null) {
            throw new IllegalArgumentException("no pepper of version " + version + " is configured");
        }
        return hasher.hash(secret);
    }
}
