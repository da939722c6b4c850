package io.logpipe.bootstrap.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A part of logpipe that one process runs. A process runs one or both, so the HTTP API and the drain workers can be
 * scaled apart, or ingest measured with no worker draining. The database, Redis, metrics and their health checks are
 * there whatever the roles.
 */
public enum ProcessRole {
    /** Ingest and query over HTTP, and the first key of a fresh embedded setup. */
    API,
    /** The drain worker that moves queued entries into PostgreSQL, and its health check. */
    WORKER;

    /**
     * Reads a comma-separated set of roles such as {@code "api,worker"}: any case, spaces around the commas allowed.
     *
     * @return an unmodifiable set, never empty, in declaration order
     * @throws IllegalArgumentException with a message naming the offending value if {@code text} is null or blank,
     *     has an empty item, names an unknown role, or names a role twice
     */
    public static Set<ProcessRole> parseAll(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("must name at least one of " + known());
        }
        EnumSet<ProcessRole> roles = EnumSet.noneOf(ProcessRole.class);
        for (String item : text.split(",", -1)) {
            String name = item.strip();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("has an empty item in '" + text + "'");
            }
            ProcessRole role = parse(name, text);
            if (!roles.add(role)) {
                throw new IllegalArgumentException("names '" + name + "' more than once in '" + text + "'");
            }
        }
        return Collections.unmodifiableSet(roles);
    }

    /** The roles as logpipe writes them: lower case, comma-separated, such as {@code "api,worker"}. */
    public static String describe(Set<ProcessRole> roles) {
        return roles.stream().map(ProcessRole::wireName).collect(Collectors.joining(","));
    }

    /** The name as logpipe writes it: lower case, such as {@code "worker"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static ProcessRole parse(String name, String text) {
        for (ProcessRole role : values()) {
            if (role.wireName().equalsIgnoreCase(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("names an unknown role '" + name + "' in '" + text + "'; the roles are "
                + known());
    }

    private static String known() {
        return Arrays.stream(values()).map(ProcessRole::wireName).collect(Collectors.joining(", "));
    }
}
