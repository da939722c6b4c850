package io.logpipe.domain;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One tenant's file of an archived day, as its manifest records it. Immutable.
 *
 * @param tenant whose entries the file holds
 * @param rows how many entries it holds, at least 0
 * @param bytes its size as stored, at least 0
 * @param sha256 the SHA-256 of the file as stored, 64 lower-case hex digits
 */
public record ArchivedFile(String tenant, long rows, long bytes, String sha256) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ArchivedFile {
        Tenants.requireValid(tenant);
        if (rows < 0 || bytes < 0) {
            throw new IllegalArgumentException("rows and bytes must not be negative; got " + rows + ", " + bytes);
        }
        Objects.requireNonNull(sha256, "sha256");
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits; got '" + sha256 + "'");
        }
    }
}
