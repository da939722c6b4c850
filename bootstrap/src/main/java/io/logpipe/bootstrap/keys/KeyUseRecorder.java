package io.logpipe.bootstrap.keys;

import io.logpipe.domain.ApiKeyStore;
import io.logpipe.domain.KeyVerdict;
import io.logpipe.domain.KeyVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notes when each key was last used, for {@code GET /admin/keys}: at most once per {@link #EVERY} per key and
 * process, on a background executor, so that no request waits for the write and a busy key costs one update a minute.
 * The time is a convenience, not a record: a write that fails or finds the executor full is skipped.
 */
public final class KeyUseRecorder implements KeyVerifier {
    /** How often a key's last use is written at most. */
    public static final Duration EVERY = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(KeyUseRecorder.class);
    private static final int MAX_REMEMBERED = 100_000;

    private final KeyVerifier verifier;
    private final ApiKeyStore keys;
    private final Executor writer;
    private final Clock clock;
    private final Map<String, Instant> lastWritten = new ConcurrentHashMap<>();

    public KeyUseRecorder(KeyVerifier verifier, ApiKeyStore keys, Executor writer, Clock clock) {
        this.verifier = verifier;
        this.keys = keys;
        this.writer = writer;
        this.clock = clock;
    }

    @Override
    public KeyVerdict verify(String presentedKey) {
        KeyVerdict verdict = verifier.verify(presentedKey);
        if (verdict instanceof KeyVerdict.Accepted accepted) {
            noteUse(accepted.principal().keyId());
        }
        return verdict;
    }

    private void noteUse(String keyId) {
        Instant now = clock.instant();
        Instant last = lastWritten.get(keyId);
        if (last != null && now.isBefore(last.plus(EVERY))) {
            return;
        }
        if (lastWritten.size() > MAX_REMEMBERED) {
            lastWritten.clear();
        }
        lastWritten.put(keyId, now);
        try {
            writer.execute(() -> write(keyId, now));
        } catch (RejectedExecutionException e) {
            LOG.debug("Skipped noting the use of key {}: the writer is busy", keyId);
        }
    }

    private void write(String keyId, Instant at) {
        try {
            keys.markUsed(keyId, at);
        } catch (RuntimeException e) {
            LOG.debug("Could not note the use of key {}: {}", keyId, e.getMessage());
        }
    }
}
