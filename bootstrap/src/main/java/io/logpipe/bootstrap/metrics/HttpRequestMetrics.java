package io.logpipe.bootstrap.metrics;

import io.logpipe.http.RouteNames;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Histogram;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Times every request to the application port, body read and written included, into
 * {@code logpipe_http_request_duration_seconds} by method, endpoint and status class. The endpoint is the route's
 * template (such as {@code /admin/keys/{key_id}}), so a label never holds an id; a request no route matched is
 * {@code other}, which keeps the series few whatever paths clients send.
 */
public final class HttpRequestMetrics implements Filter {
    static final String UNMATCHED = "other";

    private final Histogram duration;

    HttpRequestMetrics(CollectorRegistry registry) {
        this.duration = Histogram.build()
                .name("logpipe_http_request_duration_seconds")
                .help("Time to answer a request on the application port, by method, endpoint (route template) and "
                        + "status class.")
                .labelNames("method", "endpoint", "status_class")
                .buckets(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .register(registry);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            HttpServletRequest http = (HttpServletRequest) request;
            int status = ((HttpServletResponse) response).getStatus();
            duration.labels(method(http), endpoint(http), (status / 100) + "xx")
                    .observe((System.nanoTime() - start) / 1e9);
        }
    }

    private static String endpoint(HttpServletRequest request) {
        if (request.getAttribute(RouteNames.ATTRIBUTE) instanceof String route) {
            return route;
        }
        // Servlets other than Jersey's (the health responder) are mapped to fixed paths; Jersey's is mapped to /*,
        // so an unmatched path has an empty servlet path.
        String servletPath = request.getServletPath();
        return servletPath == null || servletPath.isEmpty() ? UNMATCHED : servletPath;
    }

    /** The standard methods as they are; anything else as one value, so a client cannot make new series. */
    private static String method(HttpServletRequest request) {
        return switch (request.getMethod()) {
            case "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS" -> request.getMethod();
            default -> "OTHER";
        };
    }
}
