/**
 * Functions used by the example jobs in {@code examples/} and by {@code sardonyx demo}: plain public static
 * methods, as any user's job functions are.
 */
package io.sardonyx.examples;
