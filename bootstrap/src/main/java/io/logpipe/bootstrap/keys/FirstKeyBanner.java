package io.logpipe.bootstrap.keys;

import io.logpipe.application.IssuedApiKey;
import io.logpipe.domain.Role;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Shows the key made on a first start, once, where a new user will see it. */
public final class FirstKeyBanner {
    private static final Logger LOG = LoggerFactory.getLogger(FirstKeyBanner.class);

    private FirstKeyBanner() {
    }

    public static void log(IssuedApiKey key) {
        String roles = key.roles().stream().map(Role::wireName).sorted().collect(Collectors.joining(","));
        LOG.warn("""

                ================================================================================
                No API keys existed, so logpipe created one for tenant '{}' with roles {}.
                Save this key now; it is shown only this once:

                    {}

                Send it as the header  Authorization: Bearer <key>  (or X-API-Key: <key>).
                ================================================================================""",
                key.tenant(), roles, key.key());
    }
}
