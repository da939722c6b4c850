package io.logpipe.bootstrap.logging;

import ch.qos.logback.access.common.spi.IAccessEvent;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.logging.common.layout.DiscoverableLayoutFactory;
import java.util.TimeZone;

/**
 * Layout {@code type: access-text} of the request log: Dropwizard's usual line per request (remote address, time,
 * request line, status, length, Referer, User-Agent, duration in ms), with control characters escaped. It names no
 * other header, so a line never holds an {@code Authorization} or {@code X-API-Key} value. It exists so that
 * {@code access-json} and {@code access-text} can be chosen by one variable in config.yml; Dropwizard has no named
 * type for its default request layout.
 */
@JsonTypeName("access-text")
public final class AccessTextLayoutFactory implements DiscoverableLayoutFactory<IAccessEvent> {

    @Override
    public LayoutBase<IAccessEvent> build(LoggerContext context, TimeZone timeZone) {
        return new EscapedAccessLayout(context, timeZone);
    }
}
