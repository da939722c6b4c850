package io.logpipe.bootstrap.embedded;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A password an embedded server asks for, kept in a {@link PrivateFile}: 256 random bits as URL-safe Base64 (43
 * characters, nothing a URL, a Redis config line or a shell needs to quote), made the first time it is needed.
 */
final class GeneratedSecret {
    private static final int BYTES = 32;
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43,}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private GeneratedSecret() {
    }

    /** The secret in {@code file}, made and written there first if the file does not exist. */
    static String readOrCreate(Path file) throws IOException {
        if (Files.notExists(file)) {
            String secret = newSecret();
            try {
                PrivateFile.create(file, secret + "\n");
                return secret;
            } catch (FileAlreadyExistsException madeByAnotherProcess) {
                // Another logpipe process starting on the same data directory made it first; both must use that one.
            }
        }
        return read(file);
    }

    /**
     * The secret in an existing {@code file}.
     *
     * @throws IOException if the file is missing, open to other users, or holds no secret of the generated shape
     */
    static String read(Path file) throws IOException {
        String secret = PrivateFile.read(file).strip();
        if (!SHAPE.matcher(secret).matches()) {
            throw new IOException(file + " does not hold a secret: expected one line of at least 43 URL-safe Base64 "
                    + "characters (A-Z, a-z, 0-9, '-', '_')");
        }
        return secret;
    }

    private static String newSecret() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
