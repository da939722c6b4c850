package io.logpipe.bootstrap.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.pattern.DynamicConverter;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.logging.common.DropwizardLayout;
import io.dropwizard.logging.common.layout.DiscoverableLayoutFactory;
import java.util.Map;
import java.util.TimeZone;
import java.util.function.Supplier;

/**
 * Layout {@code type: text} of the application log: Dropwizard's usual lines ({@code %-5p [%d{ISO8601,UTC}] %c: %m%n}
 * and the stack trace with {@code "! "} before each line), with control characters in messages and exception messages
 * escaped, so that what a client sent can never start a log line of its own or send escape sequences to a terminal.
 * It exists so that {@code type: json} and {@code type: text} can be chosen by one variable in config.yml; Dropwizard
 * has no named type for its default layout.
 */
@JsonTypeName("text")
public final class TextLayoutFactory implements DiscoverableLayoutFactory<ILoggingEvent> {

    @Override
    public LayoutBase<ILoggingEvent> build(LoggerContext context, TimeZone timeZone) {
        DropwizardLayout layout = new DropwizardLayout(context, timeZone);
        // The instance map wins over the default one, and only this layout sees it; the keywords stay the usual
        // ones, so a logFormat set on the appender is escaped the same way.
        Map<String, Supplier<DynamicConverter>> converters = layout.getInstanceConverterMap();
        for (String message : new String[] {"m", "msg", "message"}) {
            converters.put(message, EscapedMessageConverter::new);
        }
        for (String exception : new String[] {"dwREx", "dwRootException"}) {
            converters.put(exception, EscapedThrowableConverter::new);
        }
        return layout;
    }
}
