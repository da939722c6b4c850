package io.logpipe.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which of one tenant's entries a search or a histogram covers. Every condition given must hold (AND); within a
 * repeatable one, any value may match (OR). Empty sets and nulls mean "any".
 *
 * @param tenant whose entries; always the caller's own
 * @param range the time range, always bounded
 * @param services exact service names, any of
 * @param levels exact levels, any of
 * @param minLevel this level or a more severe one, or null
 * @param hosts exact host names, any of
 * @param traceId exact trace id, or null
 * @param text words and phrases the message must contain, or null
 * @param attributes conditions on attributes, all of which must hold
 */
public record LogFilter(
        String tenant,
        TimeRange range,
        Set<String> services,
        Set<Level> levels,
        Level minLevel,
        Set<String> hosts,
        String traceId,
        TextSearch text,
        List<AttributeMatch> attributes) {

    /** Longer lists are refused: each value is a parameter of the statement. */
    public static final int MAX_VALUES = 100;

    public LogFilter {
        Tenants.requireValid(tenant);
        Objects.requireNonNull(range, "range");
        services = Set.copyOf(services);
        levels = levels.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(levels));
        hosts = Set.copyOf(hosts);
        attributes = List.copyOf(attributes);
        if (services.size() > MAX_VALUES || hosts.size() > MAX_VALUES || attributes.size() > MAX_VALUES) {
            throw new IllegalArgumentException("at most " + MAX_VALUES + " values per filter");
        }
    }

    /** Everything in the range, no other condition. */
    public static LogFilter of(String tenant, TimeRange range) {
        return new LogFilter(tenant, range, Set.of(), Set.of(), null, Set.of(), null, null, List.of());
    }

    /**
     * The levels an entry may have to match both {@code levels} and {@code minLevel}: all six when neither is set,
     * none when they exclude each other.
     */
    public Set<Level> matchingLevels() {
        EnumSet<Level> matching = levels.isEmpty() ? EnumSet.allOf(Level.class) : EnumSet.copyOf(levels);
        if (minLevel != null) {
            matching.removeIf(level -> level.compareTo(minLevel) < 0);
        }
        return matching;
    }

    /** Whether {@link #matchingLevels()} leaves a level out, so the store must test it. */
    public boolean filtersLevel() {
        return matchingLevels().size() < Level.values().length;
    }

    public LogFilter withTenant(String otherTenant) {
        return new LogFilter(otherTenant, range, services, levels, minLevel, hosts, traceId, text, attributes);
    }

    public LogFilter withRange(TimeRange otherRange) {
        return new LogFilter(tenant, otherRange, services, levels, minLevel, hosts, traceId, text, attributes);
    }

    /**
     * A digest of every condition, the range's instants included, the same for equal filters whatever order their
     * values came in. A cursor carries it, so a page cannot be continued under other conditions.
     */
    long fingerprint(SortOrder order) {
        List<String> parts = new ArrayList<>();
        parts.add(tenant);
        parts.add(range.from().toString());
        parts.add(range.to().toString());
        parts.add(sorted(services));
        parts.add(sorted(matchingLevels().stream().map(Level::wireName).toList()));
        parts.add(sorted(hosts));
        parts.add(Objects.toString(traceId));
        parts.add(text == null ? "" : sorted(text.words()) + "|" + sorted(text.phrases()));
        // Keys and values joined by characters no key holds (ingest refuses U+0000), so two paths never collide.
        parts.add(sorted(attributes.stream()
                .map(match -> String.join("\u0000", match.path()) + "\u0001" + sorted(match.values()))
                .toList()));
        parts.add(order.wireName());
        MessageDigest digest = sha256();
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) ':');
            digest.update(bytes);
        }
        byte[] hash = digest.digest();
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            value = (value << 8) | (hash[i] & 0xff);
        }
        return value;
    }

    private static String sorted(Collection<String> values) {
        return String.join("\u0000", new TreeSet<>(values));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
