package io.logpipe.bootstrap.metrics;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Counts every answered ingest request by status. A servlet filter rather than a Jersey one, so refusals made before
 * Jersey sees the request (such as a body that fails to inflate) are counted too.
 */
public final class IngestRequestCounter implements Filter {
    private final PipelineMetrics metrics;

    public IngestRequestCounter(PipelineMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } finally {
            metrics.countIngestRequest(((HttpServletResponse) response).getStatus());
        }
    }
}
