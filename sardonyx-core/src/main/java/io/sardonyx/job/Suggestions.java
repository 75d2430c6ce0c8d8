package io.sardonyx.job;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for misspelt names: the closest known name by edit distance, when close enough. */
public final class Suggestions {
    private Suggestions() {
    }

    /** The known name closest to {@code wrong}, if it is plausibly what was meant. */
    public static Optional<String> closest(final String wrong, final Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int bestAffinity = -1;
        final String lower = wrong.toLowerCase(Locale.ROOT);
        for (final String candidate : known) {
            final String other = candidate.toLowerCase(Locale.ROOT);
            final int distance = distance(lower, other);
            final int affinity = affinity(lower, other);
            if (distance < bestDistance || distance == bestDistance && affinity > bestAffinity) {
                best = candidate;
                bestDistance = distance;
                bestAffinity = affinity;
            }
        }
        final int allowed = Math.max(2, wrong.length() / 3);
        return best != null && bestDistance <= allowed && !best.equals(wrong) ? Optional.of(best) : Optional.empty();
    }

    /** {@code "; did you mean \"x\"?"} or the empty string. */
    public static String didYouMean(final String wrong, final Collection<String> known) {
        return closest(wrong, known).map(s -> "; did you mean \"" + s + "\"?").orElse("");
    }

    /**
     * Breaks ties between equally distant names: a name the typo is a subsequence of ("cnt" in "count") is
     * likelier than one it is not, and a longer shared prefix likelier than a shorter one.
     */
    private static int affinity(final String wrong, final String candidate) {
        int prefix = 0;
        while (prefix < wrong.length() && prefix < candidate.length()
            && wrong.charAt(prefix) == candidate.charAt(prefix)) {
            prefix++;
        }
        int at = 0;
        for (int i = 0; i < candidate.length() && at < wrong.length(); i++) {
            if (candidate.charAt(i) == wrong.charAt(at)) {
                at++;
            }
        }
        return (at == wrong.length() ? 1000 : 0) + prefix;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(final String a, final String b) {
        final int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                final int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
