package io.logpipe.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.EOFException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ignores a client that hangs up while its response is being written (Jetty's {@code EofException} is an
 * {@link EOFException}). There is no one left to answer, so mapping it to an error would only add noise to the log.
 * Takes over this job from Dropwizard's default providers, which the application turns off.
 */
@Priority(Integer.MAX_VALUE)
final class ClientDisconnectInterceptor implements WriterInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(ClientDisconnectInterceptor.class);

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        try {
            context.proceed();
        } catch (EOFException e) {
            LOG.debug("the client disconnected before its response was sent", e);
        }
    }
}
