package io.logpipe.bootstrap.config;

import java.util.Map;
import org.apache.commons.text.StringSubstitutor;
import org.apache.commons.text.lookup.StringLookup;

/**
 * Resolves {@code ${VAR}} and {@code ${VAR:-default}} in config.yml from the environment, and derives the two mode
 * variables the file uses: {@code LOGPIPE_DATABASE_TYPE} is {@code external} when {@code LOGPIPE_DATABASE_URL} is
 * set and {@code embedded} otherwise, and likewise {@code LOGPIPE_REDIS_TYPE} from {@code LOGPIPE_REDIS_URL}. Setting
 * a type variable yourself overrides the derivation. This is the one place the default mode is decided.
 */
public final class LogpipeVariables implements StringLookup {
    private final Map<String, String> environment;

    public LogpipeVariables(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** A substitutor for configuration files, reading this process's environment. */
    public static StringSubstitutor substitutor() {
        return substitutor(System.getenv());
    }

    /** A substitutor for configuration files, reading the given environment. */
    public static StringSubstitutor substitutor(Map<String, String> environment) {
        StringSubstitutor substitutor = new StringSubstitutor(new LogpipeVariables(environment));
        substitutor.setEnableUndefinedVariableException(true);
        substitutor.setEnableSubstitutionInVariables(false);
        return substitutor;
    }

    @Override
    public String lookup(String key) {
        String value = environment.get(key);
        if (value != null) {
            return value;
        }
        return switch (key) {
            case "LOGPIPE_DATABASE_TYPE" -> modeFor("LOGPIPE_DATABASE_URL");
            case "LOGPIPE_REDIS_TYPE" -> modeFor("LOGPIPE_REDIS_URL");
            default -> null;
        };
    }

    private String modeFor(String urlVariable) {
        String url = environment.get(urlVariable);
        return url == null || url.isBlank() ? "embedded" : "external";
    }
}
