package io.logpipe.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names the route a request matched, as its path template such as {@code /admin/keys/{key_id}}, in the request
 * attribute {@link #ATTRIBUTE}, where the request metrics outside Jersey read it. Runs first among the filters, so a
 * request refused by authentication is named too.
 */
@Priority(1)
public final class RouteNames implements ContainerRequestFilter {
    /** The servlet request attribute (Jersey's request properties are those attributes) that holds the route. */
    public static final String ATTRIBUTE = "io.logpipe.http.route";

    private final Map<Method, String> routes = new ConcurrentHashMap<>();
    @Context
    private ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resource.getResourceMethod();
        if (method != null) {
            request.setProperty(ATTRIBUTE, routes.computeIfAbsent(method,
                    m -> template(resource.getResourceClass().getAnnotation(Path.class), m.getAnnotation(Path.class))));
        }
    }

    private static String template(Path resourcePath, Path methodPath) {
        String joined = (resourcePath == null ? "" : "/" + resourcePath.value())
                + (methodPath == null ? "" : "/" + methodPath.value());
        String route = joined.replaceAll("/{2,}", "/");
        return route.length() > 1 && route.endsWith("/") ? route.substring(0, route.length() - 1) : route;
    }
}
