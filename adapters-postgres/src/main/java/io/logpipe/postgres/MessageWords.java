package io.logpipe.postgres;

import io.logpipe.domain.TextSearch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The full-text condition of a search: every word with {@code plainto_tsquery}, every phrase with
 * {@code phraseto_tsquery}, all ANDed, under the {@code simple} configuration (lower-cased words, no stemming, no
 * stop words).
 *
 * <p>A term PostgreSQL finds no word in (only punctuation, say) imposes no condition: ANDed with others it drops out
 * of the query by itself, and a search of nothing but such terms is left out of the statement, as an empty phrase is
 * left out by {@link TextSearch#parse}. Left in, it would match nothing. Only PostgreSQL's parser can tell which
 * terms these are, so {@link #findsWords} asks it.
 */
final class MessageWords {
    /** The expression of the index {@code log_entries_message_words_idx}, to the letter, or the index goes unused. */
    static final String INDEXED_WORDS = "to_tsvector('simple', message)";

    private final String tsQuery;
    private final Map<String, Object> values;

    private MessageWords(String tsQuery, Map<String, Object> values) {
        this.tsQuery = tsQuery;
        this.values = values;
    }

    static MessageWords of(TextSearch search) {
        List<String> terms = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < search.words().size(); i++) {
            terms.add("plainto_tsquery('simple', :word" + i + ")");
            values.put("word" + i, search.words().get(i));
        }
        for (int i = 0; i < search.phrases().size(); i++) {
            terms.add("phraseto_tsquery('simple', :phrase" + i + ")");
            values.put("phrase" + i, search.phrases().get(i));
        }
        return new MessageWords(String.join(" && ", terms), values);
    }

    /** Whether PostgreSQL finds at least one word in the search's terms. */
    boolean findsWords(Handle handle) {
        return handle.createQuery("SELECT numnode(" + tsQuery + ") > 0")
                .bindMap(values)
                .mapTo(Boolean.class)
                .one();
    }

    String condition() {
        return INDEXED_WORDS + " @@ (" + tsQuery + ")";
    }

    Map<String, Object> values() {
        return values;
    }
}
