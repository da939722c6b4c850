package io.logpipe.bootstrap.queue;

import com.codahale.metrics.health.HealthCheck;
import io.logpipe.redis.RedisLogQueue;

/** Healthy when Redis answers a PING; reports the queue backlog too. */
public final class RedisHealthCheck extends HealthCheck {
    private final RedisLogQueue queue;

    public RedisHealthCheck(RedisLogQueue queue) {
        this.queue = queue;
    }

    @Override
    protected Result check() {
        queue.ping();
        return Result.healthy("backlog: " + queue.backlog() + " entries");
    }
}
