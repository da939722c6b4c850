package io.logpipe.http;

import static io.logpipe.http.HttpAdapterFixture.FAILED_AUTH_BURST;
import static io.logpipe.http.HttpAdapterFixture.INGEST_KEY;
import static io.logpipe.http.HttpAdapterFixture.QUERY_KEY;
import static io.logpipe.http.HttpAdapterFixture.assertJsonError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An address that presents too many refused keys is answered 429 without its keys being looked up. */
@ExtendWith(DropwizardExtensionsSupport.class)
class FailedAuthenticationLimitTest {
    private static final String GUESSER = "203.0.113.66";
    private static final String ENTRY = "{\"service\": \"s\", \"message\": \"m\"}";

    private final HttpAdapterFixture fixture = new HttpAdapterFixture();
    private final ResourceExtension resources = fixture.resources;

    @Test
    void answers429WithRetryAfterOnceAnAddressHasPresentedItsAllowanceOfRefusedKeys() {
        useUpTheAllowance(GUESSER);
        int lookedUp = fixture.keys.verifications();

        Response slowed = fixture.from(GUESSER, guess(99), "/query").get();

        JsonNode error = assertJsonError(slowed, 429);
        assertThat(error.get("message").asText()).contains("refused API keys");
        assertThat(slowed.getHeaderString("Retry-After")).isEqualTo("60");
        assertThat(fixture.keys.verifications()).isEqualTo(lookedUp);
    }

    @Test
    void refusesEvenAGoodKeyFromThatAddressWithoutLookingItUp() {
        useUpTheAllowance(GUESSER);
        int lookedUp = fixture.keys.verifications();

        assertJsonError(fixture.from(GUESSER, INGEST_KEY, "/ingest").post(Entity.json(ENTRY)), 429);

        assertThat(fixture.keys.verifications()).isEqualTo(lookedUp);
        assertThat(fixture.queue.enqueued()).isEmpty();
    }

    @Test
    void keepsServingOtherAddresses() {
        useUpTheAllowance(GUESSER);

        assertThat(fixture.from("198.51.100.1", INGEST_KEY, "/ingest").post(Entity.json(ENTRY)).getStatus())
                .isEqualTo(202);
        assertJsonError(fixture.from("198.51.100.1", guess(1), "/query").get(), 401);
    }

    @Test
    void letsAnAddressTryAgainAsItsAllowanceRefills() {
        useUpTheAllowance(GUESSER);

        fixture.clock.advance(Duration.ofMinutes(1));

        assertJsonError(fixture.from(GUESSER, guess(100), "/query").get(), 401);
        assertJsonError(fixture.from(GUESSER, guess(101), "/query").get(), 429);
    }

    @Test
    void takesNothingForAcceptedKeys() {
        for (int i = 0; i < FAILED_AUTH_BURST * 3; i++) {
            assertThat(fixture.from(GUESSER, QUERY_KEY, "/query").get().getStatus()).isEqualTo(200);
        }

        useUpTheAllowance(GUESSER);
    }

    @Test
    void takesNothingForRequestsWithoutAKey() {
        for (int i = 0; i < FAILED_AUTH_BURST * 2; i++) {
            assertJsonError(fixture.anonymous("/query").get(), 401);
        }

        assertThat(fixture.keys.verifications()).isZero();
        assertThat(fixture.from(HttpAdapterFixture.DEFAULT_ADDRESS, QUERY_KEY, "/query").get().getStatus())
                .isEqualTo(200);
    }

    @Test
    void takesNothingForKeysThatCouldNotBeChecked() {
        fixture.keys.storeGoesDown();

        for (int i = 0; i < FAILED_AUTH_BURST * 2; i++) {
            assertJsonError(fixture.from(GUESSER, guess(i), "/query").get(), 503);
        }
        assertThat(fixture.keys.verifications()).isEqualTo(FAILED_AUTH_BURST * 2);
    }

    /** Presents as many refused keys as the address may, each answered 401. */
    private void useUpTheAllowance(String address) {
        for (int i = 0; i < FAILED_AUTH_BURST; i++) {
            assertJsonError(fixture.from(address, guess(i), "/query").get(), 401);
        }
    }

    /** A well-formed key no key has. */
    private static String guess(int n) {
        return "lp_" + String.format("%016x", n) + "_" + "A".repeat(43);
    }
}
