package io.sardonyx.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The word count of {@code sardonyx demo}: lines are split into words, words are counted per word. */
public final class WordCount {
    private static final java.util.Set<String> STOP_WORDS = java.util.Set.of("a", "an", "and", "as", "is", "of",
        "the", "to");

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

    /** Adds {@code "length"}: the number of letters of the word. */
    public static Map<String, Object> measure(final Map<String, Object> segment) {
        final String word = String.valueOf(segment.get("word"));
        final Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("word", word);
        out.put("length", (long) word.codePointCount(0, word.length()));
        return out;
    }

    /** True for words too common to keep. */
    public static boolean isStopWord(final Map<String, Object> segment) {
        return STOP_WORDS.contains(String.valueOf(segment.get("word")));
    }

    /** True when the word has more letters than the limit. */
    public static boolean longerThan(final Map<String, Object> segment, final Long limit) {
        return segment.get("length") instanceof Long length && length > limit;
    }

    /** Trigger emit: one {@code {"word": w, "count": n}} segment per fired word. */
    public static Map<String, Object> emitCount(final Map<String, Object> fired, final Object count) {
        final Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("word", fired.get("group-key"));
        out.put("count", count);
        return out;
    }

    /** Trigger emit for a kafka output: the count as the message, keyed by its word. */
    public static Map<String, Object> emitCountMessage(final Map<String, Object> fired, final Object count) {
        final Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("key", fired.get("group-key"));
        out.put("message", emitCount(fired, count));
        return out;
    }
}
