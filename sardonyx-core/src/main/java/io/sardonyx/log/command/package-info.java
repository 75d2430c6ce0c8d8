/**
 * The log commands, one record per file, each holding the four pure functions of its entry: {@code apply}
 * (replica → replica), {@code diff}, {@code reactions} (entries an observer must write next) and {@code effects}
 * (side effects, as values, for the observer's executor). Duplicate and stale entries apply as no-ops.
 *
 * <p>Pure: no clock, thread, socket or file.
 *
 * <p>Layer: above {@code log} and {@code schedule}; below {@code log.store}.
 */
package io.sardonyx.log.command;
