package io.logpipe.bench;

import java.net.URI;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * A Redis logical database the harness has to itself: the highest-numbered empty one, flushed between phases and
 * at the end.
 */
final class RedisScratch implements AutoCloseable {
    private final Jedis redis;
    private final String serverUrl;
    private final int database;

    private RedisScratch(Jedis redis, String serverUrl, int database) {
        this.redis = redis;
        this.serverUrl = serverUrl;
        this.database = database;
    }

    /** @param serverUrl {@code redis://host:port}, without a database number */
    static RedisScratch claim(String serverUrl) {
        Jedis redis = new Jedis(URI.create(serverUrl));
        int databases = Integer.parseInt(redis.configGet("databases").get("databases"));
        for (int database = databases - 1; database >= 1; database--) {
            redis.select(database);
            if (redis.dbSize() == 0) {
                return new RedisScratch(redis, serverUrl, database);
            }
        }
        redis.close();
        throw new IllegalStateException("no empty Redis database on " + serverUrl + " for the benchmark");
    }

    String url() {
        return serverUrl + "/" + database;
    }

    void flush() {
        redis.flushDB();
    }

    String describe() {
        Map<String, String> config = redis.configGet("appendonly", "appendfsync");
        String version = redis.info("server").lines().filter(line -> line.startsWith("redis_version:"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("?");
        return "Redis " + version + " (database " + database + ", appendonly " + config.get("appendonly")
                + ", appendfsync " + config.get("appendfsync") + ")";
    }

    @Override
    public void close() {
        redis.flushDB();
        redis.close();
    }
}
