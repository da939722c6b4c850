package io.logpipe.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.logpipe.bootstrap.Api.Reply;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that floods the API with bad keys is answered 429 once it has used up its allowance of refusals, without
 * its keys being looked up, while other clients carry on.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AuthFloodIT {
    private static final int BURST = 5;
    private static final Path DATA = TestDirectories.createDeletedOnExit("logpipe-auth-flood-");
    private static final Path CONFIG = TestConfig.writeWithRateLimits(DATA, "  ingest:\n    perSecond: 0\n"
            + "  query:\n    perSecond: 0\n  failedAuthentications:\n    burst: " + BURST + "\n    perMinute: 1");
    private static final DropwizardAppExtension<LogpipeConfiguration> APP =
            new DropwizardAppExtension<>(LogpipeApplication.class, CONFIG.toString());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int FLOOD = 200;

    @Test
    void aFloodOfBadKeysGets429WithoutTheKeysBeingLookedUpWhileOtherClientsCarryOn() throws Exception {
        String key = KeysCli.createKey(CONFIG, "flood-" + UUID.randomUUID().toString().substring(0, 8),
                "ingest,query");
        Api api = new Api(APP);
        double refusedBefore = Metrics.value(APP, "logpipe_auth_refused_total");

        List<Reply> replies = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<Reply>> sent = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                sent.add(clients.submit(() -> api.get("/query", unknownKey())));
            }
            Reply otherClient = api.fromAddress("127.0.0.2", "GET", "/query", key);
            for (Future<Reply> reply : sent) {
                replies.add(reply.get());
            }
            assertThat(otherClient.status()).as(otherClient.toString()).isEqualTo(200);
        } finally {
            clients.shutdownNow();
        }

        long refused = replies.stream().filter(reply -> reply.status() == 401).count();
        List<Reply> slowed = replies.stream().filter(reply -> reply.status() == 429).toList();
        assertThat(refused + slowed.size()).isEqualTo(FLOOD);
        // One more token may refill while the flood runs.
        assertThat(refused).isBetween((long) BURST, BURST + 1L);
        assertThat(slowed).allSatisfy(reply -> {
            assertThat(Integer.parseInt(reply.headers().get("retry-after"))).isPositive();
            assertThat(reply.json().get("code").asInt()).isEqualTo(429);
        });
        assertThat(Metrics.value(APP, "logpipe_auth_refused_total") - refusedBefore).isEqualTo(refused);
        assertThat(api.fromAddress("127.0.0.2", "POST", "/ingest", key).status()).isIn(202, 422);
    }

    private static String unknownKey() {
        byte[] id = new byte[8];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        return "lp_" + HexFormat.of().formatHex(id) + "_" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(secret);
    }
}
