package io.logpipe.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "plain ascii", "caf\u00e9 \u20ac", "\ud83d\ude00", "a\ud83d\ude00b\ud83d\ude80",
        "tab\tand\nline breaks"})
    void findsNothingWrongWithValidUnicode(String text) {
        assertThat(TextRules.problem(text)).isNull();
        assertThat(TextRules.problem(text.toCharArray(), 0, text.length())).isNull();
    }

    @Test
    void refusesTheNulCharacter() {
        assertThat(TextRules.problem("bad\u0000text"))
                .isEqualTo("must not contain the NUL character (U+0000), which cannot be stored");
    }

    @Test
    void refusesALoneHighSurrogateNamingItAndWhereItIs() {
        assertThat(TextRules.problem("ab\ud83d"))
                .isEqualTo("holds a lone surrogate (U+D83D at index 2), which is not valid Unicode");
        assertThat(TextRules.problem("\ud83dx")).contains("U+D83D at index 0");
        assertThat(TextRules.problem("\ud83d\ud83d\ude00")).contains("U+D83D at index 0");
    }

    @Test
    void refusesALoneLowSurrogate() {
        assertThat(TextRules.problem("x\ude00")).contains("U+DE00 at index 1");
        // A pair in the wrong order is two lone surrogates.
        assertThat(TextRules.problem("\ude00\ud83d")).contains("U+DE00 at index 0");
        assertThat(TextRules.problem("\ud83d\ude00\ude00")).contains("U+DE00 at index 2");
    }

    @Test
    void readsOnlyTheGivenRangeOfAnArrayAndCountsFromItsStart() {
        char[] chars = "\u0000ok\udc00ok\u0000".toCharArray();

        assertThat(TextRules.problem(chars, 1, 2)).isNull();
        assertThat(TextRules.problem(chars, 1, 4)).contains("U+DC00 at index 2");
    }

    @Test
    void refusesAHighSurrogateWhoseLowHalfLiesOutsideTheRange() {
        char[] chars = "a\ud83d\ude00".toCharArray();

        assertThat(TextRules.problem(chars, 0, 2)).contains("U+D83D at index 1");
        assertThat(TextRules.problem(chars, 0, 3)).isNull();
    }

    @Test
    void countsUtf8BytesOfEachWidth() {
        assertThat(TextRules.utf8Length("")).isZero();
        assertThat(TextRules.utf8Length("a")).isEqualTo(1);
        assertThat(TextRules.utf8Length("\u00e9")).isEqualTo(2);
        assertThat(TextRules.utf8Length("\u20ac")).isEqualTo(3);
        assertThat(TextRules.utf8Length("\ud83d\ude00")).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "caf\u00e9 \u20ac5", "\ud83d\ude80 launched \ud83d\ude00\u00ff\u07ff\u0800\uffff",
        "\u0000\u007f\u0080"})
    void countsTheBytesJavaEncodesValidTextTo(String text) {
        assertThat(TextRules.utf8Length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void countsALoneSurrogateAsThreeBytes() {
        assertThat(TextRules.utf8Length("\ud83d")).isEqualTo(3);
        assertThat(TextRules.utf8Length("\ude00a")).isEqualTo(4);
    }
}
