package io.logpipe.domain;

/** The rule for tenant names, shared by every place that accepts one. */
public final class Tenants {
    private static final int MAX_LENGTH = 63;

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
        if (!isValid(tenant)) {
            throw new IllegalArgumentException("tenant must be 1-63 characters of a-z, 0-9, '_', '.', '-', "
                    + "starting with a letter or digit; got '" + tenant + "'");
        }
        return tenant;
    }

    /** True if the name keeps the rule of {@link #requireValid}. */
    // Checked for every entry at ingest and again when the worker reads it back, so a loop rather than a regex.
    public static boolean isValid(String tenant) {
        if (tenant == null || tenant.isEmpty() || tenant.length() > MAX_LENGTH || !isLetterOrDigit(tenant.charAt(0))) {
            return false;
        }
        for (int i = 1; i < tenant.length(); i++) {
            char c = tenant.charAt(i);
            if (!isLetterOrDigit(c) && c != '_' && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }
}
