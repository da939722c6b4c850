package io.logpipe.http;

import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import io.logpipe.application.IngestLogs;
import io.logpipe.application.QueryLogs;
import io.logpipe.domain.KeyVerifier;
import io.logpipe.domain.Principal;
import java.util.List;

/**
 * The HTTP adapter's one entry point: everything Jersey needs for {@code POST /ingest} and {@code GET /query}.
 *
 * <p>The exception mappers here cover everything Dropwizard's default mappers do, with our JSON error body, so the
 * application must run with {@code server.registerDefaultExceptionMappers: false}; otherwise Dropwizard's own
 * mappers for validation and JSON errors would compete with these.
 */
public final class HttpAdapter {

    private HttpAdapter() {
    }

    /** Registers the resources, API key authentication and all exception mappers with Jersey. */
    public static void register(JerseyEnvironment jersey, IngestLogs ingest, QueryLogs query, KeyVerifier verifier) {
        components(ingest, query, verifier).forEach(jersey::register);
    }

    /**
     * The same objects {@link #register} hands to Jersey, for tests that build their own Jersey container, such as
     * Dropwizard's {@code ResourceExtension}.
     */
    public static List<Object> components(IngestLogs ingest, QueryLogs query, KeyVerifier verifier) {
        return List.of(
                new IngestResource(ingest),
                new QueryResource(query),
                new AuthDynamicFeature(new ApiKeyAuthFilter(new ApiKeyAuthenticator(verifier))),
                new AuthValueFactoryProvider.Binder<>(Principal.class),
                new InvalidRequestExceptionMapper(),
                new ConstraintViolationExceptionMapper(),
                new AccessDeniedExceptionMapper(),
                new QueueUnavailableExceptionMapper(),
                new StoreUnavailableExceptionMapper(),
                new JsonProcessingExceptionMapper(),
                new EofExceptionMapper(),
                new WebApplicationExceptionMapper(),
                new UnexpectedExceptionMapper(),
                new ClientDisconnectInterceptor());
    }
}
