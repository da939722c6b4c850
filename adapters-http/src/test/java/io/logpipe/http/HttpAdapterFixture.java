package io.logpipe.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.logpipe.application.AuditDenials;
import io.logpipe.application.EntryRules;
import io.logpipe.application.HmacKeyVerifier;
import io.logpipe.application.IngestLimits;
import io.logpipe.application.IngestLogs;
import io.logpipe.application.IngestOutcomes;
import io.logpipe.application.ManageApiKeys;
import io.logpipe.application.ManageDeadLetters;
import io.logpipe.application.ManageRetention;
import io.logpipe.application.Peppers;
import io.logpipe.application.QueryLogs;
import io.logpipe.application.QueryWindow;
import io.logpipe.application.ReadAudit;
import io.logpipe.domain.Principal;
import io.logpipe.domain.RateLimitedException;
import io.logpipe.domain.RateLimits;
import io.logpipe.domain.Role;
import io.logpipe.domain.testing.InMemoryApiKeyStore;
import io.logpipe.domain.testing.InMemoryAuditTrail;
import io.logpipe.domain.testing.InMemoryLogQueue;
import io.logpipe.domain.testing.InMemoryLogStore;
import io.logpipe.domain.testing.InMemoryRetentionPolicies;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.process.internal.RequestScoped;
import org.glassfish.jersey.server.ContainerRequest;

/**
 * The HTTP adapter wired as production wires it (through {@link HttpAdapter#components}, without Dropwizard's default
 * exception mappers) over real use cases and in-memory ports. The fixed keys below are known to a fake verifier; any
 * other key is checked by the real {@link HmacKeyVerifier} against {@link #apiKeys}, so keys made through the API
 * work as they would in production.
 */
final class HttpAdapterFixture {
    static final Instant NOW = Instant.parse("2026-11-26T18:00:00Z");
    static final String TENANT = "acme";
    static final String INGEST_KEY = "ingest-key";
    static final String QUERY_KEY = "query-key";
    static final String ALL_ROLES_KEY = "all-roles-key";
    static final String ADMIN_KEY = "admin-key";
    static final String OTHER_TENANT = "globex";
    static final String OTHER_ADMIN_KEY = "other-admin-key";
    static final Duration DEFAULT_SPAN = Duration.ofHours(1);
    static final Duration MAX_SPAN = Duration.ofDays(31);
    static final int DEFAULT_RETENTION_DAYS = 30;
    /** Refused keys an address may present before it gets 429, and how many more a minute. */
    static final int FAILED_AUTH_BURST = 5;
    static final int FAILED_AUTH_PER_MINUTE = 1;
    /** The client address of every request unless a test names another with {@link #from}. */
    static final String DEFAULT_ADDRESS = "192.0.2.1";
    private static final String REMOTE_ADDRESS_HEADER = "X-Test-Remote-Address";
    private static final Peppers PEPPERS = Peppers.single("a pepper for the HTTP adapter's tests");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What everything but ingest takes as now: {@link #NOW} until a test moves it. */
    final SettableClock clock = new SettableClock(NOW);
    final InMemoryLogQueue queue = new InMemoryLogQueue();
    final InMemoryLogStore store = new InMemoryLogStore();
    final InMemoryAuditTrail audit = new InMemoryAuditTrail();
    final InMemoryApiKeyStore apiKeys = new InMemoryApiKeyStore(audit);
    final InMemoryRetentionPolicies retentionPolicies = new InMemoryRetentionPolicies(audit);
    final SwitchableRateLimits rateLimits = new SwitchableRateLimits();
    final FakeKeyVerifier keys = new FakeKeyVerifier(new HmacKeyVerifier(apiKeys, PEPPERS, clock))
            .with(INGEST_KEY, new Principal("k-ingest", TENANT, Set.of(Role.INGEST)))
            .with(QUERY_KEY, new Principal("k-query", TENANT, Set.of(Role.QUERY)))
            .with(ALL_ROLES_KEY, new Principal("k-all", TENANT, Set.of(Role.INGEST, Role.QUERY, Role.ADMIN)))
            .with(ADMIN_KEY, new Principal("k-admin", TENANT, Set.of(Role.ADMIN)))
            .with(OTHER_ADMIN_KEY, new Principal("k-other-admin", OTHER_TENANT, Set.of(Role.ADMIN)));
    final ResourceExtension resources;

    HttpAdapterFixture() {
        this(Jackson.newObjectMapper());
    }

    /** With {@code mapper} standing in for the application's ObjectMapper. */
    HttpAdapterFixture(ObjectMapper mapper) {
        IngestLogs ingest = new IngestLogs(queue, Clock.fixed(NOW, ZoneOffset.UTC),
                new EntryRules(IngestLimits.standard(), IngestLogs.TimestampWindow.standard()),
                IngestLogs.Admission.standard(), IngestOutcomes.NONE, rateLimits);
        QueryLogs query = new QueryLogs(store, new QueryWindow(clock, DEFAULT_SPAN, MAX_SPAN), rateLimits);
        FailedAuthentications failedAuthentications = new FailedAuthentications(
                new FailedAuthentications.Limits(FAILED_AUTH_BURST, FAILED_AUTH_PER_MINUTE), clock::nanos);
        HttpAdapter.UseCases useCases = new HttpAdapter.UseCases(ingest, query,
                new ManageDeadLetters(queue.deadLetterStore(), audit, clock),
                new ManageRetention(retentionPolicies, DEFAULT_RETENTION_DAYS, clock),
                new ManageApiKeys(apiKeys, PEPPERS, clock),
                new ReadAudit(audit),
                new AuditDenials(audit, clock),
                keys, failedAuthentications, clock);
        ResourceExtension.Builder builder = ResourceExtension.builder()
                .setMapper(mapper)
                .setRegisterDefaultExceptionMappers(false)
                .addProvider(new ServletRequestBinder());
        HttpAdapter.components(useCases).forEach(builder::addResource);
        resources = builder.build();
    }

    /** Stores the entries, as the worker would. */
    void given(StoredEntry... entries) {
        store.write(Arrays.stream(entries).map(StoredEntry::build).toList());
    }

    /** A request to {@code pathAndQuery}, such as {@code "/query?limit=2"}, carrying {@code key} as a Bearer token. */
    Invocation.Builder as(String key, String pathAndQuery) {
        return anonymous(pathAndQuery).header("Authorization", "Bearer " + key);
    }

    /** As {@link #as}, from the client address {@code address}. */
    Invocation.Builder from(String address, String key, String pathAndQuery) {
        return as(key, pathAndQuery).header(REMOTE_ADDRESS_HEADER, address);
    }

    Invocation.Builder anonymous(String pathAndQuery) {
        // WebTarget.path would escape a '?', so the query goes in parameter by parameter; values stay as written.
        String[] pathThenQuery = pathAndQuery.split("\\?", 2);
        WebTarget target = resources.target(pathThenQuery[0]);
        if (pathThenQuery.length == 2) {
            for (String parameter : pathThenQuery[1].split("&")) {
                String[] nameThenValue = parameter.split("=", 2);
                target = target.queryParam(nameThenValue[0], nameThenValue.length == 2 ? nameThenValue[1] : "");
            }
        }
        return target.request();
    }

    /** A clock that stays where it is set. */
    static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        /** The instant in nanoseconds, as a monotonic clock for rate limits. */
        long nanos() {
            Instant instant = now;
            return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the use cases read only the instant");
        }
    }

    /** Rate limits that allow everything until told to refuse. */
    static final class SwitchableRateLimits implements RateLimits {
        private volatile Duration refusing;

        /** From now on every search and every entry is refused, to be tried again after {@code retryAfter}. */
        void refuse(Duration retryAfter) {
            refusing = retryAfter;
        }

        @Override
        public void acquireEntries(Principal caller, int entries) {
            refuseIfTold("entries");
        }

        @Override
        public void acquireQuery(Principal caller) {
            refuseIfTold("searches");
        }

        private void refuseIfTold(String what) {
            Duration retryAfter = refusing;
            if (retryAfter != null) {
                throw new RateLimitedException("this key has used its allowance of " + what + " for now", retryAfter);
            }
        }
    }

    /**
     * Stands in for the servlet container, which the in-memory test container lacks, so that resources can take the
     * {@link HttpServletRequest}. It answers only {@code getRemoteAddr()}: the address a test gave with {@link #from},
     * or {@link #DEFAULT_ADDRESS}.
     */
    static final class ServletRequestBinder extends AbstractBinder {
        @Override
        protected void configure() {
            bindFactory(RemoteAddressOnly.class).to(HttpServletRequest.class)
                    .proxy(true).proxyForSameScope(false).in(RequestScoped.class);
        }
    }

    static final class RemoteAddressOnly implements Supplier<HttpServletRequest> {
        private final Provider<ContainerRequest> request;

        @Inject
        RemoteAddressOnly(Provider<ContainerRequest> request) {
            this.request = request;
        }

        @Override
        public HttpServletRequest get() {
            String header = request.get().getHeaderString(REMOTE_ADDRESS_HEADER);
            String address = header == null ? DEFAULT_ADDRESS : header;
            return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (proxy, method, arguments) -> switch (method.getName()) {
                        case "getRemoteAddr" -> address;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == arguments[0];
                        case "toString" -> "test request from " + address;
                        default -> throw new UnsupportedOperationException(
                                "the test servlet request answers only getRemoteAddr(); asked " + method.getName());
                    });
        }
    }

    /** The messages of a query answer's entries, in its order. */
    static List<String> messages(JsonNode page) {
        List<String> messages = new ArrayList<>();
        page.get("entries").forEach(entry -> messages.add(entry.get("message").asText()));
        return messages;
    }

    /** The {@code errors} lines of an error answer. */
    static List<String> errors(JsonNode error) {
        List<String> lines = new ArrayList<>();
        error.get("errors").forEach(line -> lines.add(line.asText()));
        return lines;
    }

    /** Asserts an error answer of {@code status} in logpipe's JSON shape, and returns its body. */
    static JsonNode assertJsonError(Response response, int status) {
        assertThat(response.getStatus()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.get("code").asInt()).isEqualTo(status);
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(body.get("errors").isArray()).isTrue();
        return body;
    }

    static JsonNode json(Response response) {
        return json(response.readEntity(String.class));
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
