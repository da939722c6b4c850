package io.logpipe.bootstrap.queue;

import io.logpipe.redis.RedisLogQueue;

/**
 * The queue for a one-shot command (see {@link RedisFactory#openForCommand}).
 *
 * @param queue bound as the server binds it
 * @param resources what closing releases: the client, and an embedded server the command started
 */
public record CommandQueue(RedisLogQueue queue, AutoCloseable resources) implements AutoCloseable {

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
