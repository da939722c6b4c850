package io.logpipe.http;

import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import io.logpipe.application.AuditDenials;
import io.logpipe.application.IngestLogs;
import io.logpipe.application.ManageApiKeys;
import io.logpipe.application.ManageDeadLetters;
import io.logpipe.application.ManageRetention;
import io.logpipe.application.QueryLogs;
import io.logpipe.application.ReadAudit;
import io.logpipe.domain.KeyVerifier;
import io.logpipe.domain.Principal;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

/**
 * The HTTP adapter's one entry point: everything Jersey needs for
 * <ul>
 *   <li>{@code POST /ingest} (role {@code ingest});</li>
 *   <li>{@code GET} and {@code POST /query} and {@code /query/histogram} (role {@code query});</li>
 *   <li>{@code GET} and {@code POST /admin/keys}, {@code DELETE /admin/keys/{key_id}},
 *       {@code POST /admin/keys/{key_id}/rotate}, {@code GET /admin/audit}, {@code /admin/dead-letters} and
 *       {@code /admin/retention} (role {@code admin}).</li>
 * </ul>
 *
 * <p>Every request to them needs an API key. A refused key is answered 401 and audited, a key without the endpoint's
 * role 403 and audited, and an address that has presented its allowance of refused keys 429 without its key being
 * looked up. Key lookups are not cached here: the {@link KeyVerifier} given is expected to do that.
 *
 * <p>The exception mappers here cover everything Dropwizard's default mappers do, with our JSON error body, so the
 * application must run with {@code server.registerDefaultExceptionMappers: false}; otherwise Dropwizard's own
 * mappers for validation and JSON errors would compete with these. The resources read the client's address from the
 * servlet request, so they need a servlet container (as Dropwizard's is).
 */
public final class HttpAdapter {

    private HttpAdapter() {
    }

    /**
     * What the adapter serves requests with.
     *
     * @param keys behind {@code /admin/keys}
     * @param audit behind {@code GET /admin/audit}
     * @param denials where refused keys (401) and missing roles (403) are reported
     * @param verifier checks presented keys
     * @param failedAuthentications the allowance of refused keys per client address
     * @param clock what the state of a listed key (active, expired) is judged at
     */
    public record UseCases(IngestLogs ingest, QueryLogs query, ManageDeadLetters deadLetters,
            ManageRetention retention, ManageApiKeys keys, ReadAudit audit, AuditDenials denials,
            KeyVerifier verifier, FailedAuthentications failedAuthentications, Clock clock) {
        public UseCases {
            Objects.requireNonNull(ingest, "ingest");
            Objects.requireNonNull(query, "query");
            Objects.requireNonNull(deadLetters, "deadLetters");
            Objects.requireNonNull(retention, "retention");
            Objects.requireNonNull(keys, "keys");
            Objects.requireNonNull(audit, "audit");
            Objects.requireNonNull(denials, "denials");
            Objects.requireNonNull(verifier, "verifier");
            Objects.requireNonNull(failedAuthentications, "failedAuthentications");
            Objects.requireNonNull(clock, "clock");
        }
    }

    /** Registers the resources, API key authentication and all exception mappers with Jersey. */
    public static void register(JerseyEnvironment jersey, UseCases useCases) {
        components(useCases).forEach(jersey::register);
    }

    /**
     * The same objects {@link #register} hands to Jersey, for tests that build their own Jersey container, such as
     * Dropwizard's {@code ResourceExtension}.
     */
    public static List<Object> components(UseCases useCases) {
        ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(useCases.verifier(), useCases.denials(),
                useCases.failedAuthentications());
        return List.of(
                new IngestResource(useCases.ingest()),
                new QueryResource(useCases.query()),
                new DeadLetterResource(useCases.deadLetters()),
                new RetentionResource(useCases.retention()),
                new KeysResource(useCases.keys(), useCases.clock()),
                new AuditResource(useCases.audit()),
                new RouteNames(),
                new AuthDynamicFeature(new ApiKeyAuthFilter(authenticator)),
                new AuthValueFactoryProvider.Binder<>(Principal.class),
                new RolesAllowedDynamicFeature(),
                new ForbiddenAuditFilter(useCases.denials()),
                new ClosesAfterUnreadBody(),
                new InvalidRequestExceptionMapper(),
                new MalformedRequestExceptionMapper(),
                new RequestBodyExceptionMapper(),
                new QueueFullExceptionMapper(),
                new RateLimitedExceptionMapper(),
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
