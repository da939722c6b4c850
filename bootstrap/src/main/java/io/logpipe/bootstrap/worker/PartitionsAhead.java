package io.logpipe.bootstrap.worker;

import io.dropwizard.lifecycle.Managed;
import io.logpipe.postgres.PostgresLogStore;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the partitions of today and the next days ahead of time, at start and then every hour, so that when a UTC
 * day begins its partition is already there and no batch waits behind the DDL. A failed run is logged and tried
 * again at the next; writes still create a missing partition themselves.
 */
public final class PartitionsAhead implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionsAhead.class);
    static final int DAYS_AHEAD = 2;
    private static final Duration EVERY = Duration.ofHours(1);

    private final PostgresLogStore store;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;

    public PartitionsAhead(PostgresLogStore store, ScheduledExecutorService scheduler, Clock clock) {
        this.store = store;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @Override
    public void start() {
        scheduler.scheduleWithFixedDelay(this::createAhead, 0, EVERY.toMinutes(), TimeUnit.MINUTES);
    }

    void createAhead() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        try {
            store.createPartitionsAhead(today, DAYS_AHEAD);
        } catch (RuntimeException e) {
            LOG.warn("Could not create the partitions of {} and the {} days after; trying again in {}", today,
                    DAYS_AHEAD, EVERY, e);
        }
    }
}
