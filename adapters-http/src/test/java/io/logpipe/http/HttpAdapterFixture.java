package io.logpipe.http;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.logpipe.application.ManageRetention;
import io.logpipe.application.QueryLogs;
import io.logpipe.application.QueryWindow;
import io.logpipe.domain.Principal;
import io.logpipe.domain.Role;
import io.logpipe.domain.testing.InMemoryLogQueue;
import io.logpipe.domain.testing.InMemoryLogStore;
import io.logpipe.domain.testing.InMemoryRetentionPolicies;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
    static final Duration DEFAULT_SPAN = Duration.ofHours(1);
    static final Duration MAX_SPAN = Duration.ofDays(31);

    static final int DEFAULT_RETENTION_DAYS = 30;
    static final CaffeineSpec KEY_CACHE = CaffeineSpec.parse("maximumSize=100,refreshAfterWrite=1m,expireAfterWrite=1h");
    private static final ObjectMapper JSON = new ObjectMapper();

    final InMemoryLogQueue queue = new InMemoryLogQueue();
    final InMemoryLogStore store = new InMemoryLogStore();
    final InMemoryRetentionPolicies retentionPolicies = new InMemoryRetentionPolicies();
    final FakeKeyVerifier keys = new FakeKeyVerifier()
            .with(INGEST_KEY, new Principal("k-ingest", TENANT, Set.of(Role.INGEST)))
            .with(QUERY_KEY, new Principal("k-query", TENANT, Set.of(Role.QUERY)))
            .with(ALL_ROLES_KEY, new Principal("k-all", TENANT, Set.of(Role.INGEST, Role.QUERY, Role.ADMIN)))
            .with(ADMIN_KEY, new Principal("k-admin", TENANT, Set.of(Role.ADMIN)))
            .with(OTHER_ADMIN_KEY, new Principal("k-other-admin", OTHER_TENANT, Set.of(Role.ADMIN)));
    /** What queries take as now: {@link #NOW} until a test moves it. */
    final SettableClock clock = new SettableClock(NOW);
    final ResourceExtension resources;

    HttpAdapterFixture() {
        this(Jackson.newObjectMapper());
    }

    /** With {@code mapper} standing in for the application's ObjectMapper. */
    HttpAdapterFixture(ObjectMapper mapper) {
        IngestLogs ingest = new IngestLogs(queue, Clock.fixed(NOW, ZoneOffset.UTC),
                new EntryRules(IngestLimits.standard(), IngestLogs.TimestampWindow.standard()),
                IngestLogs.Admission.standard(), IngestOutcomes.NONE);
        QueryLogs query = new QueryLogs(store, new QueryWindow(clock, DEFAULT_SPAN, MAX_SPAN));
        ResourceExtension.Builder builder = ResourceExtension.builder()
                .setMapper(mapper)
                .setRegisterDefaultExceptionMappers(false);
        ManageDeadLetters deadLetters = new ManageDeadLetters(queue.deadLetterStore());
        HttpAdapter.components(new MetricRegistry(), KEY_CACHE, ingest, query, deadLetters,
                new ManageRetention(retentionPolicies, DEFAULT_RETENTION_DAYS), keys)
                .forEach(builder::addResource);
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
            throw new UnsupportedOperationException("queries read only the instant");
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
        try {
            return JSON.readTree(response.readEntity(String.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
