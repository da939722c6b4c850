package io.logpipe.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version and commit this build was made from, read from {@code build.properties}, which the build fills in (the
 * jar's manifest carries the same for {@code --version}).
 *
 * @param version the Maven project version
 * @param commit the abbreviated commit id, or {@code unknown} when the build ran outside a git checkout
 */
public record BuildInfo(String version, String commit) {
    private static final String UNKNOWN = "unknown";

    /** This build's. */
    public static BuildInfo current() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BuildInfo(filled(properties.getProperty("version")), filled(properties.getProperty("commit")));
    }

    /** A value the build did not fill in stays a {@code ${...}} placeholder. */
    private static String filled(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? UNKNOWN : value;
    }

    @Override
    public String toString() {
        return version + " (commit " + commit + ")";
    }
}
