package io.sardonyx.testkit;

import io.sardonyx.log.command.LogCommand;

/**
 * A write waiting in an actor's outbox.
 *
 * @param command     what it will write
 * @param entryParent the entry it reacts to, or -1
 * @param notBeforeMs the simulated time before which it is not sent (a back-off)
 */
record Pending(LogCommand command, long entryParent, long notBeforeMs) {
}
