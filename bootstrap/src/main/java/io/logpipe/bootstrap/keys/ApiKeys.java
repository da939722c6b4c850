package io.logpipe.bootstrap.keys;

import io.dropwizard.core.setup.Environment;
import io.logpipe.application.HmacKeyVerifier;
import io.logpipe.application.ManageApiKeys;
import io.logpipe.application.Peppers;
import io.logpipe.bootstrap.metrics.PipelineMetrics;
import io.logpipe.domain.KeyVerifier;
import io.logpipe.postgres.PostgresApiKeyStore;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import org.jdbi.v3.core.Jdbi;

/**
 * The API process's keys, built in one place: the store on a pool of its own, the lookup cache every verification and
 * change goes through, key management, and the verifier with its use recorder and metrics.
 *
 * @param manage makes, lists, revokes and rotates keys
 * @param verifier checks presented keys
 */
public record ApiKeys(ManageApiKeys manage, KeyVerifier verifier) {

    /**
     * @param pool connections for key lookups and changes only, so that a flood of unknown keys cannot take the
     *     connections ingest, queries or the worker need
     */
    public static ApiKeys build(KeysFactory settings, Peppers peppers, Jdbi pool, Environment environment,
            PipelineMetrics metrics, Clock clock) {
        RecheckingKeyCache keys = settings.cache(new PostgresApiKeyStore(pool));
        // One writer with a bounded queue: last-use times are a convenience, dropped rather than waited for.
        ExecutorService lastUseWriter = environment.lifecycle().executorService("key-last-use-%d")
                .minThreads(1).maxThreads(1)
                .workQueue(new ArrayBlockingQueue<>(1_000))
                .rejectedExecutionHandler(new ThreadPoolExecutor.DiscardPolicy())
                .build();
        KeyVerifier verifier = metrics.metered(
                new KeyUseRecorder(new HmacKeyVerifier(keys, peppers, clock), keys, lastUseWriter, clock));
        return new ApiKeys(new ManageApiKeys(keys, peppers, clock), verifier);
    }
}
