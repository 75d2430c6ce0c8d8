/**
 * The public entry points and the contracts user code implements: segment functions, lifecycle calls.
 * May depend on {@code io.sardonyx.job}; nothing else in Sardonyx depends on user code except through here.
 */
package io.sardonyx.api;
