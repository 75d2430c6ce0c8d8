/**
 * A task at run time: the {@link io.sardonyx.task.TaskAgent} duty cycle (read a batch, apply the function,
 * route, write, pass barriers), the job coordinator that injects barriers and detects completion, and the small
 * collaborators they use (user functions, lifecycles, barrier alignment). Agents run on their own threads;
 * nothing here touches the log store except through the callbacks the peer group gives them.
 *
 * <p>Layer: above {@code window}, {@code plugin}, {@code checkpoint} and {@code messaging}.
 */
package io.sardonyx.task;
