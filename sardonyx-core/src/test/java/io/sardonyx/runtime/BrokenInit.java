package io.sardonyx.runtime;

import java.util.Map;

/** A class whose static initialiser fails: validation sees it, but no peer can run it. */
public final class BrokenInit {
    static final int VALUE = Integer.parseInt("not a number");

    private BrokenInit() {
    }

    public static Map<String, Object> fn(final Map<String, Object> segment) {
        return Map.of("n", VALUE);
    }
}
