package io.logpipe.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.LayoutBase;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** The text layout keeps one event to one line of its own, whatever its message and its exception's messages hold. */
class TextLayoutFactoryTest {
    private static final String FORGED = "\r\n\u001b[31mFORGED 2026-01-01 ERROR admin logged in\u0085\u2028\u009b0m";

    private final LoggerContext context = new LoggerContext();
    private final LayoutBase<ILoggingEvent> layout = layout();

    @Test
    void escapesControlCharactersInTheMessageAndItsArguments() {
        String line = layout.doLayout(event("refused {}" + "\t", new Object[] {"value" + FORGED}, null));

        assertThat(line).startsWith("WARN  [").endsWith(System.lineSeparator())
                .contains("refused value\\r\\n\\u001b[31mFORGED 2026-01-01 ERROR admin logged in"
                        + "\\u0085\\u2028\\u009b0m\\t");
        assertThat(line.substring(0, line.length() - System.lineSeparator().length()))
                .doesNotContainPattern("\\p{Cntrl}|\u2028");
    }

    @Test
    void escapesExceptionMessagesAndKeepsEachStackLineBehindItsPrefix() {
        IllegalStateException failure = new IllegalStateException("outer" + FORGED,
                new IllegalArgumentException("cause" + FORGED));
        failure.addSuppressed(new RuntimeException("suppressed" + FORGED));

        String text = layout.doLayout(event("failed", null, failure));

        String[] lines = text.split("\r\n|\r|\n|\u0085|\u2028");
        assertThat(lines[0]).startsWith("ERROR [").endsWith(": failed");
        for (int i = 1; i < lines.length; i++) {
            assertThat(lines[i]).startsWith("! ").doesNotContain("\u001b", "\u009b");
        }
        assertThat(text).contains("cause\\r\\n\\u001b[31mFORGED", "outer\\r\\n\\u001b[31mFORGED",
                "suppressed\\r\\n\\u001b[31mFORGED", "at io.logpipe.bootstrap.logging.TextLayoutFactoryTest");
    }

    @Test
    void leavesPlainTextAsItIs() {
        assertThat(layout.doLayout(event("Drain worker started with {} thread(s)", new Object[] {2}, null)))
                .endsWith("io.logpipe.test: Drain worker started with 2 thread(s)" + System.lineSeparator());
    }

    private LayoutBase<ILoggingEvent> layout() {
        LayoutBase<ILoggingEvent> built = new TextLayoutFactory().build(context, TimeZone.getTimeZone("UTC"));
        built.start();
        return built;
    }

    private ILoggingEvent event(String message, Object[] arguments, Throwable failure) {
        return new LoggingEvent(TextLayoutFactoryTest.class.getName(), context.getLogger("io.logpipe.test"),
                failure == null ? Level.WARN : Level.ERROR, message, failure, arguments);
    }
}
