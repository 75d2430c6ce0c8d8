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
        final String lower = wrong.toLowerCase(Locale.ROOT);
        for (final String candidate : known) {
            final int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        final int allowed = Math.max(2, wrong.length() / 3);
        return best != null && bestDistance <= allowed && !best.equals(wrong) ? Optional.of(best) : Optional.empty();
    }

    /** {@code "; did you mean \"x\"?"} or the empty string. */
    public static String didYouMean(final String wrong, final Collection<String> known) {
        return closest(wrong, known).map(s -> "; did you mean \"" + s + "\"?").orElse("");
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
