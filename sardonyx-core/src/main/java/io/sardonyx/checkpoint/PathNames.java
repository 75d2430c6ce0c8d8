package io.sardonyx.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Job and task names as path elements of checkpoint storage, never escaping their place. Pure. */
final class PathNames {
    private PathNames() {
    }

    /** A name as one path element: itself when plain, else its UTF-8 bytes in hex after a '~'. */
    static String safe(final String name) {
        if (name.matches("[A-Za-z0-9_\\-][A-Za-z0-9_.\\-]{0,120}")) {
            return name;
        }
        return "~" + HexFormat.of().formatHex(name.getBytes(StandardCharsets.UTF_8));
    }
}
