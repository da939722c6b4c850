package io.logpipe.application;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of an API key: {@code lp_<key id>_<secret>}. The key id is 16 lower-case hex digits and public; the secret
 * is 43 URL-safe Base64 characters (256 random bits) and is never stored. The prefix makes keys easy to spot in
 * secret scanners and leaked logs.
 */
final class ApiKeyFormat {
    private static final String PREFIX = "lp_";
    private static final Pattern KEY = Pattern.compile("lp_([0-9a-f]{16})_([A-Za-z0-9_-]{43})");

    private ApiKeyFormat() {
    }

    static String compose(String keyId, String secret) {
        return PREFIX + keyId + "_" + secret;
    }

    static Optional<Parts> parse(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        Matcher matcher = KEY.matcher(presented.trim());
        return matcher.matches() ? Optional.of(new Parts(matcher.group(1), matcher.group(2))) : Optional.empty();
    }

    record Parts(String keyId, String secret) {
    }
}
