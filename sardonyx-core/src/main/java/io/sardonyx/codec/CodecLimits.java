package io.sardonyx.codec;

/**
 * Bounds every decoder checks before it allocates.
 *
 * @param maxSegmentBytes largest encoded segment
 * @param maxDepth        deepest nesting of lists and maps
 * @param maxElements     most entries of one list or map
 */
public record CodecLimits(int maxSegmentBytes, int maxDepth, int maxElements) {
    /** 1 MiB segments, 64 levels, a million entries per collection. */
    public static final CodecLimits DEFAULT = new CodecLimits(1 << 20, 64, 1 << 20);

    public CodecLimits {
        if (maxSegmentBytes <= 0 || maxDepth <= 0 || maxElements <= 0 || maxElements > 1 << 24) {
            throw new IllegalArgumentException("codec limits must be positive (and at most 16M elements): "
                + maxSegmentBytes + ", " + maxDepth
                + ", " + maxElements);
        }
    }
}
