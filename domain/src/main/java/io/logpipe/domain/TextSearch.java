package io.logpipe.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A full-text search over the message: every word must occur, and every phrase must occur as consecutive words.
 * Matching is case-insensitive and by whole words, as the store splits a message into words.
 *
 * @param words single words, each non-blank, without whitespace
 * @param phrases phrases of one or more words, each non-blank
 */
public record TextSearch(List<String> words, List<String> phrases) {
    /** Longer searches are refused: no one types them, and each term costs an index lookup. */
    public static final int MAX_TERMS = 32;
    public static final int MAX_LENGTH = 1024;

    public TextSearch {
        words = List.copyOf(words);
        phrases = List.copyOf(phrases);
        if (words.isEmpty() && phrases.isEmpty()) {
            throw new IllegalArgumentException("a text search needs a word or a phrase");
        }
        for (String word : words) {
            if (word.isBlank() || word.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("a word must be non-blank and hold no whitespace");
            }
        }
        for (String phrase : phrases) {
            if (phrase.isBlank()) {
                throw new IllegalArgumentException("a phrase must not be blank");
            }
        }
        if (words.size() + phrases.size() > MAX_TERMS) {
            throw new IllegalArgumentException("at most " + MAX_TERMS + " words and phrases");
        }
    }

    /**
     * Reads a search as users type it: words separated by whitespace, and {@code "quoted phrases"}.
     *
     * @return the search, or null when {@code text} holds no word
     * @throws IllegalArgumentException if a quote is not closed, the text is longer than {@value #MAX_LENGTH}
     *     characters, or it holds more than {@value #MAX_TERMS} terms
     */
    public static TextSearch parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("must be at most " + MAX_LENGTH + " characters");
        }
        List<String> words = new ArrayList<>();
        List<String> phrases = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int close = text.indexOf('"', i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("a quote is not closed");
                }
                String phrase = text.substring(i + 1, close).strip();
                if (!phrase.isEmpty()) {
                    phrases.add(phrase);
                }
                i = close + 1;
            } else {
                int end = i;
                while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '"') {
                    end++;
                }
                words.add(text.substring(i, end));
                i = end;
            }
        }
        return words.isEmpty() && phrases.isEmpty() ? null : new TextSearch(words, phrases);
    }
}
