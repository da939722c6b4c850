package io.logpipe.bootstrap.logging;

/**
 * Makes text safe to put inside one line of a text log: every control character becomes a visible escape, so a value
 * that holds a line break cannot start a line that reads as an event of its own, and one that holds ESC cannot
 * recolour or rewrite the terminal of whoever reads the log.
 *
 * <p>Backslashes are left as they are: a literal {@code \n} sent by a client then reads like an escaped line break,
 * which is ambiguous but forges nothing, while doubling every backslash would garble paths and patterns in every
 * message.
 */
final class ControlCharacters {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ControlCharacters() {
    }

    /** {@code text} with its control characters escaped; {@code text} itself when it holds none. */
    static String escape(String text) {
        return escape(text, text.length());
    }

    /**
     * {@code text} with the control characters before {@code end} escaped and the rest kept as it is; {@code text}
     * itself when there are none, which is nearly always and so costs one scan and no copy.
     */
    static String escape(String text, int end) {
        int first = firstControl(text, end);
        if (first < 0) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < end; i++) {
            char c = text.charAt(i);
            if (!isControl(c)) {
                escaped.append(c);
                continue;
            }
            switch (c) {
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                default -> escaped.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                        .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
            }
        }
        return escaped.append(text, end, text.length()).toString();
    }

    private static int firstControl(String text, int end) {
        for (int i = 0; i < end; i++) {
            if (isControl(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The C0 controls, DEL and the C1 controls (U+009B alone starts an escape sequence on some terminals), and the
     * Unicode line and paragraph separators, at which some readers break lines.
     */
    private static boolean isControl(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }
}
