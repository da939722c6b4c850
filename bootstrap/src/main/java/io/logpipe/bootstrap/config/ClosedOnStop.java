package io.logpipe.bootstrap.config;

import io.dropwizard.lifecycle.Managed;

/** A resource closed when the application stops, in the reverse order of registration, as every managed object is. */
public final class ClosedOnStop implements Managed {
    private final AutoCloseable resource;

    private ClosedOnStop(AutoCloseable resource) {
        this.resource = resource;
    }

    public static Managed of(AutoCloseable resource) {
        return new ClosedOnStop(resource);
    }

    @Override
    public void stop() throws Exception {
        resource.close();
    }
}
