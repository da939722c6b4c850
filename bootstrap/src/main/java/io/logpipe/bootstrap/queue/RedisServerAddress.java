package io.logpipe.bootstrap.queue;

import java.net.URI;

/**
 * A reachable Redis and what to close when logpipe is done with it.
 *
 * @param uri {@code redis://[user:password@]host:port/db}, or {@code rediss://...} for TLS
 * @param server stops an embedded server this process started; does nothing otherwise
 */
public record RedisServerAddress(URI uri, AutoCloseable server) implements AutoCloseable {

    @Override
    public void close() throws Exception {
        server.close();
    }
}
