package io.logpipe.bootstrap.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %m} of a text log with its control characters escaped. Messages carry values from outside (an entry's
 * fields in a dead-letter reason, PostgreSQL's error messages, request details in third-party warnings), and in a text
 * log a line break in one of them would start a line that reads as another event.
 */
final class EscapedMessageConverter extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return ControlCharacters.escape(event.getFormattedMessage());
    }
}
