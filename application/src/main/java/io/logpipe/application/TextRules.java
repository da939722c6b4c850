package io.logpipe.application;

import java.nio.CharBuffer;

/**
 * What any text logpipe stores must satisfy, wherever it comes from: no U+0000, which PostgreSQL text and jsonb cannot
 * hold, and no lone surrogate, which is not Unicode and would be changed to {@code ?} on the way to UTF-8. Both are
 * refused rather than rewritten, so an entry is stored exactly as sent or not at all. One pass over the text; no
 * allocation unless a problem is found.
 */
public final class TextRules {

    private TextRules() {
    }

    /** What is wrong with {@code text}, such as {@code "must not contain the NUL character (U+0000)"}, or null. */
    public static String problem(CharSequence text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return nul();
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return loneSurrogate(c, i);
                }
            }
        }
        return null;
    }

    /** As {@link #problem(CharSequence)} for {@code length} characters of {@code chars} from {@code offset}. */
    public static String problem(char[] chars, int offset, int length) {
        return problem(CharBuffer.wrap(chars, offset, length));
    }

    /** The length of {@code text} in UTF-8, counting a lone surrogate as the 3 bytes {@code ?} would not take. */
    public static long utf8Length(CharSequence text) {
        long bytes = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static String nul() {
        return "must not contain the NUL character (U+0000), which cannot be stored";
    }

    private static String loneSurrogate(char c, int index) {
        return String.format("holds a lone surrogate (U+%04X at index %d), which is not valid Unicode", (int) c, index);
    }
}
