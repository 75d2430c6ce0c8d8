package io.sardonyx.testkit;

import io.sardonyx.log.TaskRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One simulated peer group: whether its pulse exists, its peers, its watches, its outbox, what its peers run. */
final class SimGroup {
    final String id;
    final List<String> peers = new ArrayList<>();
    final List<String> tags;
    final Set<String> watches = new LinkedHashSet<>();
    final Deque<Pending> outbox = new ArrayDeque<>();
    final Map<String, TaskRef> running = new HashMap<>();
    boolean alive = true;

    SimGroup(final String id, final List<String> tags) {
        this.id = id;
        this.tags = List.copyOf(tags);
    }
}
