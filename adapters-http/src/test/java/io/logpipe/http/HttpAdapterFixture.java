package io.logpipe.http;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.CaffeineSpec;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.logpipe.application.EntryRules;
import io.logpipe.application.IngestLimits;
import io.logpipe.application.IngestLogs;
import io.logpipe.application.IngestOutcomes;
import io.logpipe.application.ManageDeadLetters;
import io.logpipe.application.QueryLogs;
import io.logpipe.domain.Principal;
import io.logpipe.domain.Role;
import io.logpipe.domain.testing.InMemoryLogQueue;
import io.logpipe.domain.testing.InMemoryLogStore;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * The HTTP adapter wired as production wires it (through {@link HttpAdapter#components}, without Dropwizard's default
 * exception mappers) over real use cases and in-memory ports.
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

    static final CaffeineSpec KEY_CACHE = CaffeineSpec.parse("maximumSize=100,refreshAfterWrite=1m,expireAfterWrite=1h");
    private static final ObjectMapper JSON = new ObjectMapper();

    final InMemoryLogQueue queue = new InMemoryLogQueue();
    final InMemoryLogStore store = new InMemoryLogStore();
    final FakeKeyVerifier keys = new FakeKeyVerifier()
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
                IngestLogs.Admission.standard(), IngestOutcomes.NONE);
        QueryLogs query = new QueryLogs(store);
        ResourceExtension.Builder builder = ResourceExtension.builder()
                .setMapper(mapper)
                .setRegisterDefaultExceptionMappers(false);
        ManageDeadLetters deadLetters = new ManageDeadLetters(queue.deadLetterStore());
        HttpAdapter.components(new MetricRegistry(), KEY_CACHE, ingest, query, deadLetters, keys)
                .forEach(builder::addResource);
        resources = builder.build();
    }

    /** A request to {@code pathAndQuery}, such as {@code "/query?limit=2"}, carrying {@code key} as a Bearer token. */
    Invocation.Builder as(String key, String pathAndQuery) {
        return anonymous(pathAndQuery).header("Authorization", "Bearer " + key);
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

    static JsonNode json(Response response) {
        try {
            return JSON.readTree(response.readEntity(String.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
