package io.sardonyx.log;

/**
 * Who reacts to an entry: a peer group, one of its virtual peers, or a client (a process that reads the log
 * without joining, such as {@code sardonyx gc}).
 *
 * @param kind  what it is
 * @param id    its id (the group id for a group)
 * @param group the group it belongs to (itself for a group; null for a client)
 */
public record Observer(Kind kind, String id, String group) {
    /** The kinds of observer. */
    public enum Kind { GROUP, PEER, CLIENT }

    public static Observer group(final String id) {
        return new Observer(Kind.GROUP, id, id);
    }

    public static Observer peer(final String id, final String group) {
        return new Observer(Kind.PEER, id, group);
    }

    public static Observer client(final String id) {
        return new Observer(Kind.CLIENT, id, null);
    }

    /** True for a group observer with this id. */
    public boolean isGroup(final String groupId) {
        return kind == Kind.GROUP && id.equals(groupId);
    }
}
