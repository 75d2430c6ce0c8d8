package io.sardonyx.log.command;

import io.sardonyx.log.Diff;
import io.sardonyx.log.Effect;
import io.sardonyx.log.Observer;
import io.sardonyx.log.Replica;
import java.util.List;
import java.util.Map;

/**
 * An entry no replica can apply: not JSON, too large, of another format, an unknown command, arguments missing or of
 * the wrong type, or a command whose rules throw on it. Reading it is a pure function of its bytes, so every replica
 * reads the same rejection at the same place and skips it alike: the log moves past it, nothing changes, no replica
 * diverges. Never written by Sardonyx; it stands for what was written in its place.
 *
 * @param why what is wrong with the entry
 */
public record RejectedEntry(String why) implements LogCommand {
    public static final String NAME = "rejected-entry";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> args() {
        return Map.of("why", why);
    }

    @Override
    public Replica apply(final Replica replica) {
        return replica;
    }

    @Override
    public Diff diff(final Replica before, final Replica after) {
        return Diff.of("rejected", why);
    }

    @Override
    public List<Effect> effects(final Replica before, final Replica after, final Diff diff, final Observer observer) {
        return List.of();
    }
}
