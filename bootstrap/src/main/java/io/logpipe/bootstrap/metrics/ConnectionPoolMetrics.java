package io.logpipe.bootstrap.metrics;

import io.dropwizard.db.ManagedPooledDataSource;
import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import redis.clients.jedis.Connection;
import redis.clients.jedis.util.Pool;

/**
 * Connections in use, idle and allowed, and threads waiting for one, of every PostgreSQL pool by name and of the
 * Redis pool: a pool at its limit with waiting threads is where a slow dependency shows first.
 */
public final class ConnectionPoolMetrics extends Collector {
    private final Map<String, ManagedPooledDataSource> databasePools = new ConcurrentSkipListMap<>();
    private volatile Pool<Connection> redisPool;

    /** Reports {@code pool} under {@code name}. */
    public void addDatabasePool(String name, ManagedPooledDataSource pool) {
        databasePools.put(name, pool);
    }

    public void setRedisPool(Pool<Connection> pool) {
        this.redisPool = pool;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        List<String> pool = List.of("pool");
        GaugeMetricFamily active = new GaugeMetricFamily("logpipe_db_pool_active_connections",
                "PostgreSQL connections lent out, by pool.", pool);
        GaugeMetricFamily idle = new GaugeMetricFamily("logpipe_db_pool_idle_connections",
                "PostgreSQL connections open and free, by pool.", pool);
        GaugeMetricFamily max = new GaugeMetricFamily("logpipe_db_pool_max_connections",
                "The most PostgreSQL connections a pool may open.", pool);
        GaugeMetricFamily waiting = new GaugeMetricFamily("logpipe_db_pool_waiting_threads",
                "Threads waiting for a PostgreSQL connection, by pool.", pool);
        databasePools.forEach((name, source) -> {
            List<String> label = List.of(name);
            active.addMetric(label, source.getActive());
            idle.addMetric(label, source.getIdle());
            max.addMetric(label, source.getMaxActive());
            waiting.addMetric(label, source.getWaitCount());
        });
        List<MetricFamilySamples> families = new ArrayList<>(List.of(active, idle, max, waiting));
        Pool<Connection> redis = redisPool;
        if (redis != null) {
            families.add(new GaugeMetricFamily("logpipe_redis_pool_active_connections",
                    "Redis connections lent out.", redis.getNumActive()));
            families.add(new GaugeMetricFamily("logpipe_redis_pool_idle_connections",
                    "Redis connections open and free.", redis.getNumIdle()));
            families.add(new GaugeMetricFamily("logpipe_redis_pool_max_connections",
                    "The most Redis connections the pool may open.", redis.getMaxTotal()));
            families.add(new GaugeMetricFamily("logpipe_redis_pool_waiting_threads",
                    "Threads waiting for a Redis connection.", redis.getNumWaiters()));
        }
        return families;
    }
}
