package io.sardonyx.schedule;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Hands out units one by one to the holder with the fewest, up to each holder's cap. Ties go to the holder
 * that has more now (so a recomputation moves as little as possible), then to the earliest in order. Used for
 * peers over jobs (balanced job scheduler) and peers over tasks (balanced task scheduler).
 */
final class WaterFill {
    private WaterFill() {
    }

    /**
     * @param holders  in priority order
     * @param units    how many to hand out
     * @param shares   holder id → starting share; updated in place and returned
     * @param current  holder id → what it holds now (for ties)
     * @param id       the holder's id
     * @param cap      the most a holder may get
     */
    static <T> Map<String, Long> fill(final List<T> holders, final long units, final Map<String, Long> shares,
                                      final Map<String, Long> current, final Function<T, String> id,
                                      final ToLongFunction<T> cap) {
        long left = units;
        while (left > 0) {
            T best = null;
            long bestShare = Long.MAX_VALUE;
            long bestSurplus = Long.MIN_VALUE;
            for (final T holder : holders) {
                final String key = id.apply(holder);
                final long share = shares.get(key);
                if (share >= cap.applyAsLong(holder)) {
                    continue;
                }
                final long surplus = current.getOrDefault(key, 0L) - share;
                if (share < bestShare || share == bestShare && surplus > bestSurplus) {
                    best = holder;
                    bestShare = share;
                    bestSurplus = surplus;
                }
            }
            if (best == null) {
                break;
            }
            shares.merge(id.apply(best), 1L, Long::sum);
            left--;
        }
        return shares;
    }
}
