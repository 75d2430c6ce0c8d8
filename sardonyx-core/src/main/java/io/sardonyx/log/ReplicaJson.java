package io.sardonyx.log;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a {@link Replica}, keyed as Onyx keys its replica where the concept is the same: stored as
 * the log's origin after a gc, served to the dashboard and printed by {@code sardonyx log}. Round-trips exactly.
 */
public final class ReplicaJson {
    private ReplicaJson() {
    }

    /** The replica as JSON-like values. */
    public static Map<String, Object> toJson(final Replica r) {
        final Map<String, Object> out = new LinkedHashMap<>();
        final Membership m = r.membership();
        out.put("version", r.version());
        out.put("log-parameters", r.parameters().toJson());
        out.put("groups", m.groups());
        out.put("peers", m.peers());
        out.put("orphaned-peers", m.orphanedPeers());
        out.put("groups-index", m.peersByGroup());
        final Map<String, Object> info = new LinkedHashMap<>();
        m.peerInfo().forEach((peer, i) -> {
            final Map<String, Object> p = new LinkedHashMap<>();
            p.put("group", i.group());
            p.put("peer-site", i.site().toJson());
            p.put("tags", i.tags());
            info.put(peer, p);
        });
        out.put("peer-info", info);
        out.put("pairs", m.ring().pairs());
        out.put("prepared", m.ring().prepared());
        out.put("accepted", m.ring().accepted());
        out.put("aborted", List.copyOf(m.ring().aborted()));
        out.put("left", List.copyOf(m.left()));
        out.put("jobs", r.jobs().active());
        out.put("killed-jobs", r.jobs().killed());
        out.put("completed-jobs", r.jobs().completed());
        out.put("finished-jobs", r.jobs().finished());
        final Map<String, Object> specs = new LinkedHashMap<>();
        r.jobs().specs().forEach((id, spec) -> specs.put(id, spec.toJson()));
        out.put("job-specs", specs);
        out.put("allocations", r.allocations().byJob());
        out.put("task-slot-ids", r.allocations().slotIds());
        out.put("coordinators", r.allocations().coordinators());
        out.put("allocation-version", r.allocations().versions());
        return out;
    }

    /**
     * Reads the JSON form.
     *
     * @throws IllegalArgumentException naming the key that is missing or mistyped
     */
    @SuppressWarnings("unchecked")
    public static Replica fromJson(final Map<String, Object> json) {
        final JsonArgs a = new JsonArgs("replica", json);
        final Map<String, PeerInfo> info = new LinkedHashMap<>();
        a.map("peer-info").forEach((peer, raw) -> {
            final JsonArgs p = new JsonArgs("replica peer " + peer, (Map<String, Object>) raw);
            final JsonArgs site = new JsonArgs("replica peer " + peer + " site", p.map("peer-site"));
            info.put(peer, new PeerInfo(p.string("group"), new PeerSite(site.string("address"),
                (int) site.longValue("port")), p.strings("tags")));
        });
        final Ring ring = new Ring(stringMap(a.map("pairs")), stringMap(a.map("prepared")),
            stringMap(a.map("accepted")), new java.util.LinkedHashSet<>(a.strings("aborted")));
        final Membership membership = new Membership(a.strings("groups"), a.strings("peers"),
            listMap(a.map("orphaned-peers")), listMap(a.map("groups-index")), info, ring,
            new java.util.LinkedHashSet<>(a.strings("left")));
        final Map<String, JobSpec> specs = new LinkedHashMap<>();
        a.map("job-specs").forEach((id, spec) -> specs.put(id, JobSpec.fromJson((Map<String, Object>) spec)));
        final List<String> killed = a.strings("killed-jobs");
        final List<String> completed = a.strings("completed-jobs");
        // An origin written before the finishing order was kept: killed, then completed.
        final List<String> finished = json.containsKey("finished-jobs") ? a.strings("finished-jobs")
            : java.util.stream.Stream.concat(killed.stream(), completed.stream()).toList();
        final JobRegistry jobs = new JobRegistry(a.strings("jobs"), killed, completed, finished, specs);
        final Map<String, Map<String, List<String>>> byJob = new LinkedHashMap<>();
        a.map("allocations").forEach((job, tasks) -> byJob.put(job, listMap((Map<String, Object>) tasks)));
        final Map<String, Map<String, Map<String, Integer>>> slots = new LinkedHashMap<>();
        a.map("task-slot-ids").forEach((job, tasks) -> {
            final Map<String, Map<String, Integer>> t = new LinkedHashMap<>();
            ((Map<String, Object>) tasks).forEach((task, peers) -> {
                final Map<String, Integer> p = new LinkedHashMap<>();
                ((Map<String, Object>) peers).forEach((peer, slot) -> p.put(peer, ((Long) slot).intValue()));
                t.put(task, p);
            });
            slots.put(job, t);
        });
        final Map<String, Long> versions = new LinkedHashMap<>();
        a.map("allocation-version").forEach((job, v) -> versions.put(job, (Long) v));
        final Allocations allocations = new Allocations(byJob, slots, stringMap(a.map("coordinators")), versions);
        return new Replica(a.longValue("version"), LogParameters.fromJson(a.map("log-parameters")), membership,
            jobs, allocations);
    }

    private static Map<String, String> stringMap(final Map<String, Object> map) {
        final Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, (String) v));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> listMap(final Map<String, Object> map) {
        final Map<String, List<String>> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, new ArrayList<>((List<String>) v)));
        return out;
    }
}
