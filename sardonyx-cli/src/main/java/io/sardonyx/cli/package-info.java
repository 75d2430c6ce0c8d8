/**
 * The {@code sardonyx} command: picocli subcommands over the public API. Commands print through picocli's
 * writers (so tests can capture them) and return exit codes: 0 success, 1 failure, 2 bad input.
 */
package io.sardonyx.cli;
