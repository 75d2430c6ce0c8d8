package io.sardonyx.dashboard;

import io.sardonyx.log.store.LogEntry;
import io.sardonyx.log.Origin;
import io.sardonyx.log.Replica;
import io.sardonyx.log.ReplicaJson;
import io.sardonyx.log.store.Transition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenancy's history as the dashboard shows it: the replica at the log's origin, then per entry the entry itself,
 * the replica diff it caused and the events it meant, computed by the same pure transition code the peers run.
 * Keeps the replica after every entry's position cheaply (a full copy every {@value #SNAPSHOT_EVERY} entries) so
 * any position can be served. Not thread-safe: its owner serialises access.
 */
public final class History {
    static final int SNAPSHOT_EVERY = 100;

    private final Map<String, Object> originJson;
    private final long originId;
    private final List<Map<String, Object>> steps = new ArrayList<>();
    private final List<Replica> snapshots = new ArrayList<>();
    private final List<LogEntry> entries = new ArrayList<>();
    private Replica replica;
    private Map<String, Object> replicaJson;

    public History(final Origin origin) {
        this.replica = origin.replica();
        this.originId = origin.messageId();
        this.replicaJson = ReplicaJson.toJson(replica);
        this.originJson = replicaJson;
        snapshots.add(replica);
    }

    /**
     * Applies the next entry.
     *
     * @return the step the page receives: {@code {"position", "entry", "diff", "events", "changes"}}
     */
    public Map<String, Object> apply(final LogEntry entry) {
        return apply(Transition.apply(replica, entry));
    }

    /**
     * Records an entry a cursor applied to this history's replica.
     *
     * @return the step the page receives: {@code {"position", "entry", "diff", "events", "changes"}}
     */
    public Map<String, Object> apply(final Transition t) {
        final LogEntry entry = t.entry();
        entries.add(entry);
        final Replica before = replica;
        replica = t.after();
        final Map<String, Object> afterJson = ReplicaJson.toJson(replica);
        final Map<String, Object> step = new LinkedHashMap<>();
        step.put("position", steps.size() + 1);
        step.put("entry", entryJson(entry));
        step.put("changes", t.diff().values());
        step.put("diff", JsonDiff.diff(replicaJson, afterJson));
        step.put("events", Events.of(before, replica, entry));
        replicaJson = afterJson;
        steps.add(step);
        if (steps.size() % SNAPSHOT_EVERY == 0) {
            snapshots.add(replica);
        }
        return step;
    }

    /** Adds an event to the latest step (a checkpoint completed, seen beside the log). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> note(final Map<String, Object> event) {
        final Map<String, Object> last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        if (last != null) {
            final List<Map<String, Object>> events = new ArrayList<>((List<Map<String, Object>>) last.get("events"));
            events.add(event);
            last.put("events", events);
        }
        final Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "event");
        message.put("position", steps.size());
        message.put("event", event);
        return message;
    }

    /** The JSON form of an entry, as the raw log table shows it. */
    public static Map<String, Object> entryJson(final LogEntry entry) {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("message-id", entry.messageId());
        json.put("created-at", entry.createdAtMs());
        json.put("fn", entry.command().name());
        json.put("args", entry.command().args());
        json.put("peer-parent", entry.peerParent());
        json.put("entry-parent", entry.entryParent());
        return json;
    }

    public Map<String, Object> origin() {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("message-id", originId);
        out.put("replica", originJson);
        return out;
    }

    /** Every step so far, oldest first. */
    public List<Map<String, Object>> steps() {
        return Collections.unmodifiableList(steps);
    }

    /** How many entries have been applied. */
    public int size() {
        return steps.size();
    }

    public Replica replica() {
        return replica;
    }

    /** The replica as of a position (0: the origin), rebuilt from the nearest snapshot. */
    public Replica replicaAt(final int position) {
        if (position < 0 || position > steps.size()) {
            throw new IllegalArgumentException("position " + position + " is outside 0.." + steps.size());
        }
        final int base = position / SNAPSHOT_EVERY;
        Replica at = snapshots.get(base);
        for (int p = base * SNAPSHOT_EVERY + 1; p <= position; p++) {
            at = Transition.apply(at, entryAt(p)).after();
        }
        return at;
    }

    private LogEntry entryAt(final int position) {
        return entries.get(position - 1);
    }
}
