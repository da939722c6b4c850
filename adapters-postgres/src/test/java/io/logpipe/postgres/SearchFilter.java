package io.logpipe.postgres;

import io.logpipe.domain.AttributeMatch;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogFilter;
import io.logpipe.domain.TextSearch;
import io.logpipe.domain.TimeRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** A {@link LogFilter} built up one condition at a time, for the search tests. */
final class SearchFilter {
    private final String tenant;
    private TimeRange range;
    private Set<String> services = Set.of();
    private Set<Level> levels = Set.of();
    private Level minLevel;
    private Set<String> hosts = Set.of();
    private String traceId;
    private TextSearch text;
    private final List<AttributeMatch> attributes = new ArrayList<>();

    SearchFilter(String tenant, TimeRange range) {
        this.tenant = tenant;
        this.range = range;
    }

    SearchFilter range(TimeRange value) {
        range = value;
        return this;
    }

    SearchFilter services(String... values) {
        services = Set.of(values);
        return this;
    }

    SearchFilter levels(Level... values) {
        levels = Set.of(values);
        return this;
    }

    SearchFilter minLevel(Level value) {
        minLevel = value;
        return this;
    }

    SearchFilter hosts(String... values) {
        hosts = Set.of(values);
        return this;
    }

    SearchFilter trace(String value) {
        traceId = value;
        return this;
    }

    /** Words and phrases as a user types them. */
    SearchFilter text(String typed) {
        text = TextSearch.parse(typed);
        return this;
    }

    SearchFilter attribute(String dottedPath, String... jsonValues) {
        return attribute(Arrays.asList(dottedPath.split("\\.")), jsonValues);
    }

    SearchFilter attribute(List<String> path, String... jsonValues) {
        return attribute(new AttributeMatch(path, List.of(jsonValues)));
    }

    SearchFilter attribute(AttributeMatch match) {
        attributes.add(match);
        return this;
    }

    LogFilter build() {
        return new LogFilter(tenant, range, services, levels, minLevel, hosts, traceId, text, attributes);
    }
}
