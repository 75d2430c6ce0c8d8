/**
 * The dashboard: replays any tenancy's log through the same pure replica code the peers run, derives what
 * happened, and streams entries, replica diffs and events to a web page over a WebSocket.
 */
package io.sardonyx.dashboard;
