/**
 * The boundary to user code: {@link io.sardonyx.usercode.UserCode} resolves the functions and classes a job names,
 * under the package policy, into method handles and instances; {@link io.sardonyx.usercode.UserCodeException} says
 * what could not be resolved; {@link io.sardonyx.usercode.UserCalls} is the one place those handles are called and the
 * one place a {@link java.lang.Throwable} user code throws is caught (an architecture test keeps it so).
 *
 * <p>Layer: above {@code job}, below everything that runs user code ({@code flow}, {@code window}, {@code plugin},
 * {@code task}).
 */
package io.sardonyx.usercode;
