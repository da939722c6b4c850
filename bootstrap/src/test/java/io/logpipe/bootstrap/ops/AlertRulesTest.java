package io.logpipe.bootstrap.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules in {@code ops/prometheus} load in Prometheus, their unit tests pass, and every alert has been
 * tested both ways and links its runbook.
 */
class AlertRulesTest {
    private static final Path PROMETHEUS_DIR = findPrometheusDir();
    private static final Path RULES = PROMETHEUS_DIR.resolve("alerts.yml");
    private static final Path RULE_TESTS = PROMETHEUS_DIR.resolve("alerts_test.yml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void prometheusAcceptsTheRulesFile() {
        Promtool.Run check = Promtool.onPathOrSkip().run("check", "rules", RULES.toString());

        assertThat(check.exitCode()).as(check.describe()).isZero();
    }

    @Test
    void everyAlertBehavesAsItsUnitTestsExpect() {
        Promtool.Run test = Promtool.onPathOrSkip().run("test", "rules", RULE_TESTS.toString());

        assertThat(test.exitCode()).as(test.describe()).isZero();
    }

    @Test
    void everyAlertHasACaseWhereItFiresAndOneWhereItStaysQuiet() throws IOException {
        Set<String> fires = new HashSet<>();
        Set<String> staysQuiet = new HashSet<>();
        for (JsonNode test : YAML.readTree(RULE_TESTS.toFile()).path("tests")) {
            for (JsonNode expectation : test.path("alert_rule_test")) {
                String alert = expectation.path("alertname").asText();
                (expectation.path("exp_alerts").isEmpty() ? staysQuiet : fires).add(alert);
            }
        }

        assertThat(fires).as("alerts with a unit test case where they fire").containsAll(alertNames());
        assertThat(staysQuiet).as("alerts with a unit test case where they must not fire").containsAll(alertNames());
    }

    @Test
    void everyAlertLinksItsRunbookSectionAndSaysHowUrgentItIs() throws IOException {
        for (JsonNode rule : alertRules()) {
            String alert = rule.path("alert").asText();
            JsonNode annotations = rule.path("annotations");

            assertThat(annotations.path("runbook_url").asText()).as("runbook_url of " + alert)
                    .isEqualTo("docs/operations.md#" + alert.toLowerCase(Locale.ROOT));
            assertThat(annotations.path("summary").asText()).as("summary of " + alert).isNotBlank();
            assertThat(annotations.path("description").asText()).as("description of " + alert).isNotBlank();
            assertThat(rule.path("labels").path("severity").asText()).as("severity of " + alert)
                    .isIn("page", "ticket");
        }
    }

    private static List<String> alertNames() throws IOException {
        List<String> names = new ArrayList<>();
        for (JsonNode rule : alertRules()) {
            names.add(rule.path("alert").asText());
        }
        assertThat(names).as("alerts in " + RULES).isNotEmpty().doesNotHaveDuplicates();
        return names;
    }

    private static List<JsonNode> alertRules() throws IOException {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : YAML.readTree(RULES.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert")) {
                    rules.add(rule);
                }
            }
        }
        return rules;
    }

    /** ops/prometheus of the repository: above the module directory Maven runs tests in, or in the working one. */
    private static Path findPrometheusDir() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("ops").resolve("prometheus");
            if (Files.isRegularFile(candidate.resolve("alerts.yml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("ops/prometheus/alerts.yml not found above " + here);
    }
}
