package io.logpipe.bootstrap.logging;

import ch.qos.logback.classic.spi.IThrowableProxy;
import io.dropwizard.logging.common.PrefixedRootCauseFirstThrowableProxyConverter;

/**
 * Dropwizard's {@code %dwREx} (root cause first, every line prefixed with {@code "! "}) with control characters in
 * the exceptions' messages escaped. The stack trace keeps its own line breaks; a message, which may quote a value
 * from outside, gets none.
 */
final class EscapedThrowableConverter extends PrefixedRootCauseFirstThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy throwable) {
        return super.throwableProxyToString(new EscapedThrowableProxy(throwable));
    }
}
