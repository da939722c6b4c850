package io.logpipe.bootstrap.metrics;

import io.logpipe.domain.KeyVerdict;
import io.logpipe.domain.KeyVerifier;
import io.prometheus.client.Counter;
import java.util.Locale;

/** Counts refused keys by reason into {@code logpipe_auth_refused_total}; clients are never told the reason. */
public final class MeteredKeyVerifier implements KeyVerifier {
    private final KeyVerifier verifier;
    private final Counter refused;

    MeteredKeyVerifier(KeyVerifier verifier, Counter refused) {
        this.verifier = verifier;
        this.refused = refused;
    }

    @Override
    public KeyVerdict verify(String presentedKey) {
        KeyVerdict verdict = verifier.verify(presentedKey);
        if (verdict instanceof KeyVerdict.Refused refusal) {
            refused.labels(refusal.reason().name().toLowerCase(Locale.ROOT)).inc();
        }
        return verdict;
    }
}
