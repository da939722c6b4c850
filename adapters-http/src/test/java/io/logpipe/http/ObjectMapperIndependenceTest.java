package io.logpipe.http;

import static io.logpipe.http.HttpAdapterFixture.INGEST_KEY;
import static io.logpipe.http.HttpAdapterFixture.QUERY_KEY;
import static io.logpipe.http.HttpAdapterFixture.TENANT;
import static io.logpipe.http.HttpAdapterFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.logpipe.domain.Attributes;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The wire format stays the same when the application's ObjectMapper is configured very differently. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ObjectMapperIndependenceTest {
    private final HttpAdapterFixture fixture = new HttpAdapterFixture(unusualMapper());
    private final ResourceExtension resources = fixture.resources;

    @Test
    void stillRejectsUnknownFieldsAndScalarsWhereStringsBelong() {
        Response unknownField = fixture.as(INGEST_KEY, "/ingest")
                .post(Entity.json("{\"service\": \"s\", \"level\": \"info\", \"message\": \"m\", \"user\": 1}"));
        Response numberAsMessage = fixture.as(INGEST_KEY, "/ingest")
                .post(Entity.json("{\"service\": \"s\", \"level\": \"info\", \"message\": 12}"));

        assertThat(unknownField.getStatus()).isEqualTo(422);
        assertThat(numberAsMessage.getStatus()).isEqualTo(422);
        assertThat(fixture.queue.enqueued()).isEmpty();
    }

    @Test
    void stillReadsSnakeCaseFieldsAndALoneObject() {
        Response response = fixture.as(INGEST_KEY, "/ingest").post(Entity.json(
                "{\"service\": \"s\", \"level\": \"info\", \"message\": \"m\", \"trace_id\": \"t\"}"));

        assertThat(response.getStatus()).isEqualTo(202);
        assertThat(json(response).get("ids")).hasSize(1);
        assertThat(fixture.queue.enqueued().get(0).traceId()).isEqualTo("t");
    }

    @Test
    void stillWritesSnakeCaseFieldsRfc3339TimesAndExplicitNulls() {
        fixture.store.write(List.of(new LogEntry(UUID.randomUUID(), TENANT, Instant.parse("2026-11-26T17:00:00Z"),
                Instant.parse("2026-11-26T17:00:01Z"), "s", Level.INFO, "m", Attributes.none(), null, null, null)));

        JsonNode body = json(fixture.as(QUERY_KEY, "/query").get());

        assertThat(body.has("next_cursor")).isTrue();
        JsonNode entry = body.get("entries").get(0);
        assertThat(entry.get("received_at").asText()).isEqualTo("2026-11-26T17:00:01Z");
        assertThat(entry.has("trace_id")).isTrue();
        assertThat(entry.get("trace_id").isNull()).isTrue();
    }

    @Test
    void stillWritesErrorsWithAnErrorsList() {
        JsonNode body = json(fixture.anonymous("/query").get());

        assertThat(body.get("code").asInt()).isEqualTo(401);
        assertThat(body.get("errors").isArray()).isTrue();
    }

    private static ObjectMapper unusualMapper() {
        ObjectMapper mapper = Jackson.newObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, true);
        return mapper;
    }
}
