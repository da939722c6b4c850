package io.logpipe.bootstrap.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics that the operations files select, read with {@link PromQlNames}: a Prometheus rule file and a Grafana
 * dashboard. Each answer maps a metric name to the label names its matchers use.
 */
final class OpsFiles {
    /** Grafana's {@code label_values(selector, label)}: the selector is PromQL, the label one its series carry. */
    private static final Pattern LABEL_VALUES =
            Pattern.compile("\\s*label_values\\s*\\((.+),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)\\s*", Pattern.DOTALL);
    /** Grafana's other query functions name labels or regular expressions, never a metric. */
    private static final Pattern NO_METRIC =
            Pattern.compile("\\s*(label_values|label_names|metrics)\\s*\\(.*\\)\\s*", Pattern.DOTALL);
    private static final Pattern QUERY_RESULT =
            Pattern.compile("\\s*query_result\\s*\\((.*)\\)\\s*", Pattern.DOTALL);

    private OpsFiles() {
    }

    /**
     * The metrics every rule's {@code expr} in the rule file {@code rules} selects, except those another rule of the
     * file records: those exist once Prometheus evaluates the file, whether or not logpipe serves them.
     */
    static Map<String, Set<String>> metricsInAlertRules(Path rules) {
        Map<String, Set<String>> selected = new TreeMap<>();
        Set<String> recorded = new TreeSet<>();
        for (JsonNode group : read(new ObjectMapper(new YAMLFactory()), rules).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                PromQlNames.addAll(selected, PromQlNames.in(rule.path("expr").asText()));
                if (rule.hasNonNull("record")) {
                    recorded.add(rule.get("record").asText());
                }
            }
        }
        selected.keySet().removeAll(recorded);
        return selected;
    }

    /**
     * The metrics a Grafana dashboard selects: in every {@code expr} anywhere in it (panels, rows' panels,
     * annotations), and in the queries of its template variables of type {@code query}, such as
     * {@code label_values(logpipe_build_info, instance)}, whose label counts as one of the metric's.
     */
    static Map<String, Set<String>> metricsInDashboard(Path dashboard) {
        JsonNode root = read(new ObjectMapper(), dashboard);
        Map<String, Set<String>> selected = new TreeMap<>();
        for (JsonNode expression : root.findValues("expr")) {
            PromQlNames.addAll(selected, PromQlNames.in(expression.asText()));
        }
        for (JsonNode variable : root.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                JsonNode query = variable.path("query");
                // Newer Grafana stores the query as an object beside its query type.
                String text = query.isObject() ? query.path("query").asText() : query.asText();
                PromQlNames.addAll(selected, metricsInVariableQuery(text));
            }
        }
        return selected;
    }

    static Map<String, Set<String>> metricsInVariableQuery(String query) {
        Matcher labelValues = LABEL_VALUES.matcher(query);
        if (labelValues.matches()) {
            Map<String, Set<String>> selected = PromQlNames.in(labelValues.group(1));
            selected.values().forEach(labels -> labels.add(labelValues.group(2)));
            return selected;
        }
        if (NO_METRIC.matcher(query).matches()) {
            return Map.of();
        }
        Matcher queryResult = QUERY_RESULT.matcher(query);
        return PromQlNames.in(queryResult.matches() ? queryResult.group(1) : query);
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }
}
