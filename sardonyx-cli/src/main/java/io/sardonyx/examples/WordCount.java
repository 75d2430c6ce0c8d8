package io.sardonyx.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The word count of {@code sardonyx demo}: lines are split into words, words are counted per word. */
public final class WordCount {
    private WordCount() {
    }

    /** Splits {@code {"line": "..."}} into one {@code {"word": w}} segment per word, lower-cased. */
    public static List<Map<String, Object>> splitWords(final Map<String, Object> segment) {
        final List<Map<String, Object>> words = new ArrayList<>();
        final String line = String.valueOf(segment.get("line")).toLowerCase(Locale.ROOT);
        for (final String word : line.split("[^\\p{L}\\p{N}']+")) {
            if (!word.isEmpty()) {
                words.add(Map.of("word", word));
            }
        }
        return words;
    }

    /** Trigger emit: one {@code {"word": w, "count": n}} segment per fired word. */
    public static Map<String, Object> emitCount(final Map<String, Object> fired, final Object count) {
        return Map.of("word", fired.get("group-key"), "count", count);
    }
}
