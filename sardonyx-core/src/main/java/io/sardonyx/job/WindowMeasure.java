package io.sardonyx.job;

import io.sardonyx.codec.JsonText;
import java.util.List;

/**
 * An amount with a unit, written {@code [5, "minutes"]}: a window range, slide or gap, a trigger period,
 * threshold or delay.
 *
 * @param amount how many units; positive
 * @param unit   the unit
 */
public record WindowMeasure(long amount, WindowUnit unit) {
    /** The JSON form, {@code [amount, "units"]}. */
    public List<Object> toJson() {
        return List.of(amount, unit.key());
    }

    /** The amount in milliseconds (or in elements for {@link WindowUnit#ELEMENTS}). */
    public long standardUnits() {
        return unit.isTime() ? Math.multiplyExact(amount, unit.millis()) : amount;
    }

    /**
     * Parses {@code [n, "unit"]}.
     *
     * @throws IllegalArgumentException saying what would be right
     */
    public static WindowMeasure parse(final Object raw) {
        if (raw instanceof List<?> list && list.size() == 2 && list.get(0) instanceof Long amount) {
            final WindowUnit unit = WindowUnit.fromKey(list.get(1));
            if (unit != null && amount > 0) {
                return new WindowMeasure(amount, unit);
            }
        }
        throw new IllegalArgumentException("expected [n, \"unit\"] with n a positive integer and unit one of "
            + "milliseconds, seconds, minutes, hours, days or elements (e.g. [5, \"minutes\"]); got "
            + (raw instanceof List<?> ? JsonText.write(raw) : JsonValues.describe(raw)));
    }
}
