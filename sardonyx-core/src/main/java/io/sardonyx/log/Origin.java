package io.sardonyx.log;

/**
 * Where replay starts: the replica after entry {@code messageId}. The empty log's origin is the empty replica at
 * -1; a gc moves it forward (never back) and deletes the entries before it.
 *
 * @param messageId the last entry the replica includes
 * @param replica   the replica after that entry
 */
public record Origin(long messageId, Replica replica) {
}
