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

    /** Without the password the URI may carry, so that logging an address never logs it. */
    @Override
    public String toString() {
        return "RedisServerAddress[" + uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort() + uri.getPath()
                + "]";
    }
}
