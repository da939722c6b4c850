package io.logpipe.bootstrap.keys;

import io.logpipe.application.IssuedApiKey;
import io.logpipe.bootstrap.embedded.PrivateFile;
import io.logpipe.domain.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the key made on a first start to the person who started logpipe, the way Jenkins hands over its initial admin
 * password: in a file only they can read, with the log saying where. The key itself never goes into the log, which
 * more people read, and which is shipped and kept longer, than should hold a key with every role.
 *
 * <p>The key is on the file's first line, so {@code KEY=$(head -n 1 data/first-api-key)} reads it; comment lines
 * after it say what it is.
 */
public final class FirstKeyFile {
    private static final Logger LOG = LoggerFactory.getLogger(FirstKeyFile.class);

    private FirstKeyFile() {
    }

    /**
     * Writes {@code key} to {@code file}, or, should a file from an earlier first key still be there, beside it under
     * a name with the new key's id: that one may hold the only copy of a key still in use, so it is never replaced.
     *
     * @throws UncheckedIOException if it cannot be written; the message says how to get a key instead
     */
    public static void write(IssuedApiKey key, Path file) {
        String roles = key.roles().stream().map(Role::wireName).sorted().collect(Collectors.joining(","));
        String content = key.key() + "\n"
                + "# logpipe's first API key, for tenant '" + key.tenant() + "' with roles " + roles + ".\n"
                + "# Send it as the header  Authorization: Bearer <key>  (or X-API-Key: <key>).\n"
                + "# Delete this file once you have stored the key.\n";
        Path written = file;
        try {
            try {
                PrivateFile.create(file, content);
            } catch (FileAlreadyExistsException earlierKey) {
                written = file.resolveSibling(file.getFileName() + "-" + key.keyId());
                PrivateFile.create(written, content);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("No API keys existed, so logpipe created one for tenant '" + key.tenant()
                    + "', but could not write it to " + written + "; that key cannot be used. Make one with "
                    + "'keys create --tenant " + key.tenant() + " --roles " + roles + " config.yml'", e);
        }
        LOG.warn("No API keys existed, so logpipe created one for tenant '{}' with roles {}; it is in {} (readable "
                + "only by this user). Delete the file once you have stored the key.", key.tenant(), roles, written);
    }
}
