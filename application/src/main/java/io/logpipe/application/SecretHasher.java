package io.logpipe.application;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hashes key secrets with HMAC-SHA256 under a server-side pepper. A stolen copy of the key table is useless without the
 * pepper, which lives only in the server's configuration. Thread-safe: each call makes its own {@link Mac}.
 */
public final class SecretHasher {
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MIN_PEPPER_LENGTH = 16;
    private final SecretKeySpec pepper;

    /**
     * @param pepper the server's secret, at least 16 characters
     * @throws IllegalArgumentException if the pepper is too short
     */
    public SecretHasher(String pepper) {
        if (pepper == null || pepper.length() < MIN_PEPPER_LENGTH) {
            throw new IllegalArgumentException("the key pepper must be at least " + MIN_PEPPER_LENGTH + " characters");
        }
        this.pepper = new SecretKeySpec(pepper.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** HMAC-SHA256(pepper, secret). */
    public byte[] hash(String secret) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(pepper);
            return mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
