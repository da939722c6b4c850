package io.logpipe.http;

/**
 * Client text echoed in an error message: shortened, with lone surrogates replaced by U+FFFD, since a lone surrogate
 * cannot be written as UTF-8 and would break the error answer itself.
 */
final class Shown {
    static final int MAX_LENGTH = 40;

    private Shown() {
    }

    static String text(String text) {
        String shortened = text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) + "..." : text;
        StringBuilder shown = null;
        for (int i = 0; i < shortened.length(); i++) {
            char c = shortened.charAt(i);
            boolean pairStart = Character.isHighSurrogate(c) && i + 1 < shortened.length()
                    && Character.isLowSurrogate(shortened.charAt(i + 1));
            if (pairStart) {
                if (shown != null) {
                    shown.append(c).append(shortened.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (shown == null) {
                    shown = new StringBuilder(shortened.length()).append(shortened, 0, i);
                }
                shown.append('\uFFFD');
            } else if (shown != null) {
                shown.append(c);
            }
        }
        return shown == null ? shortened : shown.toString();
    }
}
