/**
 * A task at run time. A {@link io.sardonyx.task.TaskAgent} is the duty cycle's orchestration: it resolves the task's
 * parts once, builds one immutable {@code TaskAttempt} (layout, slot, routes, applier, coordinator) per allocation
 * version and drops it whole at the next, and hands each cycle to the driver chosen once for the task
 * ({@code InputDriver} reads a plugin, {@code UpstreamDriver} takes upstream peers' segments and aligns their
 * barriers with the {@link io.sardonyx.task.BarrierAligner} state machine). A {@code TaskPipeline} runs each batch
 * through the hooks, the function and the windows, the one place the batch side catches what user code throws;
 * {@code TaskSnapshots} recovers (reading off the duty cycle), snapshots and settles with the
 * {@code JobCoordinator}, which injects barriers and detects completion. Agents run on their own threads; nothing
 * here touches the log store except through the callbacks the peer group gives them ({@link
 * io.sardonyx.task.TaskServices}).
 *
 * <p>Layer: above {@code window}, {@code plugin}, {@code checkpoint} and {@code messaging}.
 */
package io.sardonyx.task;
