package io.logpipe.bootstrap.logging;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/** A logged exception, its causes and suppressed exceptions as they are, except that their messages are escaped. */
final class EscapedThrowableProxy implements IThrowableProxy {
    private final IThrowableProxy original;

    EscapedThrowableProxy(IThrowableProxy original) {
        this.original = original;
    }

    @Override
    public String getMessage() {
        return escapeNullable(original.getMessage());
    }

    @Override
    public String getOverridingMessage() {
        return escapeNullable(original.getOverridingMessage());
    }

    @Override
    public String getClassName() {
        return original.getClassName();
    }

    @Override
    public StackTraceElementProxy[] getStackTraceElementProxyArray() {
        return original.getStackTraceElementProxyArray();
    }

    @Override
    public int getCommonFrames() {
        return original.getCommonFrames();
    }

    @Override
    public IThrowableProxy getCause() {
        return original.getCause() == null ? null : new EscapedThrowableProxy(original.getCause());
    }

    @Override
    public IThrowableProxy[] getSuppressed() {
        IThrowableProxy[] suppressed = original.getSuppressed();
        if (suppressed == null) {
            return null;
        }
        IThrowableProxy[] escaped = new IThrowableProxy[suppressed.length];
        for (int i = 0; i < suppressed.length; i++) {
            escaped[i] = new EscapedThrowableProxy(suppressed[i]);
        }
        return escaped;
    }

    @Override
    public boolean isCyclic() {
        return original.isCyclic();
    }

    private static String escapeNullable(String message) {
        return message == null ? null : ControlCharacters.escape(message);
    }
}
