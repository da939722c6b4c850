package io.logpipe.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.logpipe.bootstrap.Api.Reply;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Per-key rate limits through HTTP: a key that has sent its allowance gets 429 with Retry-After and nothing of its
 * request is queued, while another tenant's key carries on, and a tenant with an override gets its own allowance.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RateLimitIT {
    private static final Path DATA = TestDirectories.createDeletedOnExit("logpipe-rate-limits-");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String GENEROUS_TENANT = "generous-" + RUN;
    private static final Path CONFIG = TestConfig.writeWithRateLimits(DATA, String.join("\n",
            "  ingest:", "    perSecond: 1", "    burst: 10000",
            "  query:", "    perSecond: 1", "    burst: 2",
            "  tenants:", "    " + GENEROUS_TENANT + ":", "      query:", "        perSecond: 100",
            "        burst: 100",
            "  failedAuthentications:", "    burst: 1000000", "    perMinute: 1000000"));
    private static final DropwizardAppExtension<LogpipeConfiguration> APP =
            new DropwizardAppExtension<>(LogpipeApplication.class, CONFIG.toString());

    @Test
    void aKeyOverItsEntryAllowanceGets429AndQueuesNothingWhileAnotherTenantCarriesOn() throws Exception {
        String greedy = KeysCli.createKey(CONFIG, "greedy-" + RUN, "ingest,query");
        String modest = KeysCli.createKey(CONFIG, "modest-" + RUN, "ingest,query");
        Api api = new Api(APP);
        double limitedBefore = Metrics.value(APP, "logpipe_ingest_entries_total", "outcome=\"rate_limited\"");

        Reply full = api.post("/ingest", greedy, batch(10_000, "greedy"));
        Reply over = api.post("/ingest", greedy, batch(100, "over"));
        Reply other = api.post("/ingest", modest, batch(100, "modest"));

        assertThat(full.status()).as(full.body()).isEqualTo(202);
        assertThat(over.status()).as(over.body()).isEqualTo(429);
        assertThat(Integer.parseInt(over.headers().get("retry-after"))).isPositive();
        assertThat(over.json().get("code").asInt()).isEqualTo(429);
        assertThat(other.status()).isEqualTo(202);
        assertThat(Metrics.value(APP, "logpipe_ingest_entries_total", "outcome=\"rate_limited\""))
                .isEqualTo(limitedBefore + 100);
    }

    @Test
    void aKeyOverItsSearchAllowanceGets429WhileATenantWithAnOverrideSearchesOn() throws Exception {
        String limited = KeysCli.createKey(CONFIG, "searcher-" + RUN, "query");
        String generous = KeysCli.createKey(CONFIG, GENEROUS_TENANT, "query");
        Api api = new Api(APP);

        int[] limitedAnswers = IntStream.range(0, 5).map(i -> api.get("/query", limited).status()).toArray();
        int[] generousAnswers = IntStream.range(0, 20).map(i -> api.get("/query/histogram", generous).status())
                .toArray();

        assertThat(limitedAnswers).startsWith(200, 200).contains(429);
        assertThat(generousAnswers).containsOnly(200);
    }

    private static String batch(int entries, String message) {
        return IntStream.range(0, entries)
                .mapToObj(i -> "{\"service\":\"limits\",\"message\":\"" + message + " " + i + "\"}")
                .collect(Collectors.joining(",", "[", "]"));
    }
}
