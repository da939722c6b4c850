package io.logpipe.http;

import com.codahale.metrics.MetricRegistry;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.CaffeineSpec;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.Authenticator;
import io.dropwizard.auth.CachingAuthenticator;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import io.logpipe.application.IngestLogs;
import io.logpipe.application.ManageDeadLetters;
import io.logpipe.application.ManageRetention;
import io.logpipe.application.QueryLogs;
import io.logpipe.domain.KeyVerifier;
import io.logpipe.domain.Principal;
import java.util.List;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

/**
 * The HTTP adapter's one entry point: everything Jersey needs for {@code POST /ingest}, {@code /query} (search and
 * histogram, by {@code GET} or {@code POST}),
 * {@code /admin/dead-letters} and {@code /admin/retention}.
 *
 * <p>The exception mappers here cover everything Dropwizard's default mappers do, with our JSON error body, so the
 * application must run with {@code server.registerDefaultExceptionMappers: false}; otherwise Dropwizard's own
 * mappers for validation and JSON errors would compete with these.
 */
public final class HttpAdapter {

    private HttpAdapter() {
    }

    /**
     * Registers the resources, API key authentication and all exception mappers with Jersey.
     *
     * @param keyCache how long verified keys are remembered, as a Caffeine spec such as
     *     {@code maximumSize=10000,refreshAfterWrite=1m,expireAfterWrite=1h}: keys are checked again after the refresh
     *     time, and while the key store is unreachable a remembered key keeps working until it expires, so ingest
     *     survives a PostgreSQL outage. Unknown keys are never remembered.
     */
    public static void register(JerseyEnvironment jersey, MetricRegistry metrics, CaffeineSpec keyCache,
            IngestLogs ingest, QueryLogs query, ManageDeadLetters deadLetters, ManageRetention retention,
            KeyVerifier verifier) {
        components(metrics, keyCache, ingest, query, deadLetters, retention, verifier).forEach(jersey::register);
    }

    /**
     * The same objects {@link #register} hands to Jersey, for tests that build their own Jersey container, such as
     * Dropwizard's {@code ResourceExtension}.
     */
    public static List<Object> components(MetricRegistry metrics, CaffeineSpec keyCache,
            IngestLogs ingest, QueryLogs query, ManageDeadLetters deadLetters, ManageRetention retention,
            KeyVerifier verifier) {
        Authenticator<String, Principal> authenticator = new CachingAuthenticator<>(
                metrics, new ApiKeyAuthenticator(verifier), Caffeine.from(keyCache), false);
        return List.of(
                new IngestResource(ingest),
                new QueryResource(query),
                new DeadLetterResource(deadLetters),
                new RetentionResource(retention),
                new AuthDynamicFeature(new ApiKeyAuthFilter(authenticator)),
                new AuthValueFactoryProvider.Binder<>(Principal.class),
                new RolesAllowedDynamicFeature(),
                new InvalidRequestExceptionMapper(),
                new MalformedRequestExceptionMapper(),
                new RequestBodyExceptionMapper(),
                new QueueFullExceptionMapper(),
                new AccessDeniedExceptionMapper(),
                new ForbiddenExceptionMapper(),
                new QueueUnavailableExceptionMapper(),
                new StoreUnavailableExceptionMapper(),
                new QueryTimeoutExceptionMapper(),
                new EofExceptionMapper(),
                new WebApplicationExceptionMapper(),
                new UnexpectedExceptionMapper(),
                new ClientDisconnectInterceptor());
    }
}
