package io.logpipe.http;

import static io.logpipe.http.HttpAdapterFixture.INGEST_KEY;
import static io.logpipe.http.HttpAdapterFixture.QUERY_KEY;
import static io.logpipe.http.HttpAdapterFixture.assertJsonError;
import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A key that has used its allowance is answered 429 with the time to wait, in whole seconds. */
@ExtendWith(DropwizardExtensionsSupport.class)
class RateLimitResponsesTest {
    private static final String ENTRY = "{\"service\": \"s\", \"message\": \"m\"}";

    private final HttpAdapterFixture fixture = new HttpAdapterFixture();
    private final ResourceExtension resources = fixture.resources;

    @Test
    void answersIngestOverItsAllowanceWith429AndQueuesNothing() {
        fixture.rateLimits.refuse(Duration.ofSeconds(3));

        Response response = fixture.as(INGEST_KEY, "/ingest").post(Entity.json(ENTRY));

        assertThat(assertJsonError(response, 429).get("message").asText()).contains("allowance of entries");
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("3");
        assertThat(fixture.queue.enqueued()).isEmpty();
    }

    @Test
    void answersSearchesAndHistogramsOverTheirAllowanceWith429() {
        fixture.rateLimits.refuse(Duration.ofSeconds(2));

        assertJsonError(fixture.as(QUERY_KEY, "/query").get(), 429);
        assertJsonError(fixture.as(QUERY_KEY, "/query/histogram").get(), 429);
        assertJsonError(fixture.as(QUERY_KEY, "/query").post(Entity.json("{}")), 429);
    }

    @ParameterizedTest
    @CsvSource({"PT0S, 1", "PT0.001S, 1", "PT1S, 1", "PT1.001S, 2", "PT59.5S, 60"})
    void roundsRetryAfterUpToWholeSecondsOfAtLeastOne(Duration retryAfter, String header) {
        fixture.rateLimits.refuse(retryAfter);

        assertThat(fixture.as(QUERY_KEY, "/query").get().getHeaderString("Retry-After")).isEqualTo(header);
    }
}
