package io.sardonyx.job;

import io.sardonyx.codec.JsonText;
import java.util.List;
import java.util.Objects;

/**
 * One workflow edge: segments flow from one task to another. Written {@code ["from", "to"]}.
 *
 * @param from the upstream task
 * @param to   the downstream task
 */
public record Edge(String from, String to) {
    public Edge {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }

    /** The JSON form. */
    public List<Object> toJson() {
        return List.of(from, to);
    }

    @Override
    public String toString() {
        return JsonText.write(toJson());
    }
}
