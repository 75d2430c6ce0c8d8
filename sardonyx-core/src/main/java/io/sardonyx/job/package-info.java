/**
 * The job information model: a job is plain data (workflow, catalog, flow conditions, lifecycles, windows,
 * triggers) kept with Onyx's key names, its JSON form, a fluent builder and the validator.
 *
 * <p>Pure: nothing here reads a clock, starts a thread, opens a socket or touches a file. The one reach
 * outside is {@link io.sardonyx.job.FunctionChecker}, which the caller supplies; the class-path checker
 * loads classes by name but never runs user code.
 *
 * <p>Layer: above {@code api} and {@code codec}; pure.
 */
package io.sardonyx.job;
