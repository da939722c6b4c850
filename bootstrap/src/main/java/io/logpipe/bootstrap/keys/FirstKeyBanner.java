package io.logpipe.bootstrap.keys;

import io.logpipe.application.IssuedApiKey;
import io.logpipe.domain.Role;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Shows the key made on a first start, once, where a new user will see it. */
public final class FirstKeyBanner {
    private static final Logger LOG = LoggerFactory.getLogger(FirstKeyBanner.class);
    private static final String RULE = "=".repeat(80);

    private FirstKeyBanner() {
    }

    /**
     * Logs the banner one line per event: the text log escapes line breaks inside a message, so that client text
     * cannot start a line of its own, and a banner of many lines in one message would show as one long line.
     */
    public static void log(IssuedApiKey key) {
        String roles = key.roles().stream().map(Role::wireName).sorted().collect(Collectors.joining(","));
        LOG.warn(RULE);
        LOG.warn("No API keys existed, so logpipe created one for tenant '{}' with roles {}.", key.tenant(), roles);
        LOG.warn("Save this key now; it is shown only this once:");
        LOG.warn("    {}", key.key());
        LOG.warn("Send it as the header  Authorization: Bearer <key>  (or X-API-Key: <key>).");
        LOG.warn(RULE);
    }
}
