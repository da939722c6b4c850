package io.logpipe.domain;

import java.util.regex.Pattern;

/** The rule for tenant names, shared by every place that accepts one. */
public final class Tenants {
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");

    private Tenants() {
    }

    /**
     * Checks a tenant name: 1 to 63 characters of lower-case letters, digits, {@code _ . -}, starting with a
     * letter or digit. Such names are safe in URLs, metric labels and log lines.
     *
     * @return the name, unchanged
     * @throws IllegalArgumentException if the name is null or breaks the rule
     */
    public static String requireValid(String tenant) {
        if (tenant == null || !VALID.matcher(tenant).matches()) {
            throw new IllegalArgumentException("tenant must be 1-63 characters of a-z, 0-9, '_', '.', '-', "
                    + "starting with a letter or digit; got '" + tenant + "'");
        }
        return tenant;
    }
}
