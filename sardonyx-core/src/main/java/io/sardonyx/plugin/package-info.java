/**
 * Input and output plugins: the interfaces every plugin implements (shaped for checkpoints: {@code
 * checkpoint()}, {@code recover(state)}, {@code completed()}) and the built-ins {@code seq}, {@code collect},
 * {@code queue} and {@code file}. A plugin instance belongs to one task on one peer and is called from that
 * task's thread only.
 *
 * <p>Layer: above {@code job} and {@code usercode}.
 */
package io.sardonyx.plugin;
