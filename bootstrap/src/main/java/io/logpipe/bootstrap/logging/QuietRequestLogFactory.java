package io.logpipe.bootstrap.logging;

import ch.qos.logback.access.jetty.RequestLogImpl;
import io.dropwizard.request.logging.RequestLogFactory;
import org.eclipse.jetty.server.RequestLog;

/**
 * The configured request log, told not to print logback-access's own status lines at start. In the shaded jar those
 * always include warnings that logback-access's modules differ in version: it reads a module's version from the jar's
 * manifest, which is logpipe's, and looks for another's where its jar does not keep it.
 */
public final class QuietRequestLogFactory implements RequestLogFactory<RequestLog> {
    private final RequestLogFactory<?> configured;

    public QuietRequestLogFactory(RequestLogFactory<?> configured) {
        this.configured = configured;
    }

    @Override
    public boolean isEnabled() {
        return configured.isEnabled();
    }

    @Override
    public RequestLog build(String name) {
        RequestLog log = configured.build(name);
        if (log instanceof RequestLogImpl logback) {
            logback.setQuiet(true);
        }
        return log;
    }
}
