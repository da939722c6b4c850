package io.logpipe.http;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;

/**
 * Names the route a request matched, as its path template such as {@code /admin/keys/{key_id}}, in the request
 * attribute {@link #ATTRIBUTE}, where the request metrics outside Jersey read it. Jersey asks this feature once per
 * resource method at startup, so each method gets a filter that already holds its name, and a request pays no lookup;
 * the filter runs first, so a request refused by authentication is named too.
 */
public final class RouteNames implements DynamicFeature {
    /** The servlet request attribute (Jersey's request properties are those attributes) that holds the route. */
    public static final String ATTRIBUTE = "io.logpipe.http.route";
    private static final int BEFORE_EVERY_OTHER_FILTER = 1;

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        String route = template(resource.getResourceClass().getAnnotation(Path.class),
                resource.getResourceMethod().getAnnotation(Path.class));
        context.register(new RouteName(route), BEFORE_EVERY_OTHER_FILTER);
    }

    private static String template(Path resourcePath, Path methodPath) {
        String joined = (resourcePath == null ? "" : "/" + resourcePath.value())
                + (methodPath == null ? "" : "/" + methodPath.value());
        String route = joined.replaceAll("/{2,}", "/");
        return route.length() > 1 && route.endsWith("/") ? route.substring(0, route.length() - 1) : route;
    }

    /** Sets one resource method's route on each of its requests. */
    private static final class RouteName implements ContainerRequestFilter {
        private final String route;

        RouteName(String route) {
            this.route = route;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            request.setProperty(ATTRIBUTE, route);
        }
    }
}
