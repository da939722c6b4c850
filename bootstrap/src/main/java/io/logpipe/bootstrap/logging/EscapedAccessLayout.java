package io.logpipe.bootstrap.logging;

import ch.qos.logback.access.common.spi.IAccessEvent;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.CoreConstants;
import io.dropwizard.request.logging.layout.LogbackAccessRequestLayout;
import java.util.TimeZone;

/**
 * Dropwizard's request log line with every control character in it escaped. A request line is one line by
 * definition, so all of it is escaped but the line separator logback-access ends it with.
 */
final class EscapedAccessLayout extends LogbackAccessRequestLayout {

    EscapedAccessLayout(Context context, TimeZone timeZone) {
        super(context, timeZone);
    }

    @Override
    public String doLayout(IAccessEvent event) {
        String line = super.doLayout(event);
        if (line == null) {
            return null;
        }
        int end = line.endsWith(CoreConstants.LINE_SEPARATOR)
                ? line.length() - CoreConstants.LINE_SEPARATOR.length()
                : line.length();
        return ControlCharacters.escape(line, end);
    }
}
