package io.sardonyx.usercode;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.UndeclaredThrowableException;

/**
 * The one place Sardonyx calls user code through its method handles and catches what user code throws. Every function
 * a job names (a task's function, flow predicates and post-transforms, group-by functions, watermark functions, seq
 * suppliers, trigger predicates, sync and emit functions) is called through {@code call}: an {@link Exception} or an
 * {@link Error} it throws comes out unchanged, anything else a handle may throw as an
 * {@link UndeclaredThrowableException}. A task's phases (its hooks, its function over a batch, its windows, its
 * plugins) run under {@link #guarded}, which alone catches a {@link Throwable} and hands it, with the phase, to
 * handle-exception.
 */
public final class UserCalls {
    private UserCalls() {
    }

    /** A phase of a task that runs user code. */
    @FunctionalInterface
    public interface Body<T> {
        T run() throws Exception;
    }

    /** What a task does about a phase that threw: decide, and answer in the phase's stead (or throw). */
    @FunctionalInterface
    public interface Failure<T> {
        T failed(String phase, Throwable t);
    }

    /**
     * Runs a phase; what it throws, an {@link Error} included, goes to the failure with the phase's name, and what
     * the failure answers comes back.
     */
    @SuppressWarnings("checkstyle:IllegalCatch")
    public static <T> T guarded(final String phase, final Body<T> body, final Failure<T> failure) {
        try {
            return body.run();
        } catch (final Throwable t) {
            return failure.failed(phase, t);
        }
    }

    /** Calls a user function taking no argument. */
    @SuppressWarnings("checkstyle:IllegalCatch")
    public static Object call(final MethodHandle fn) throws Exception {
        try {
            return fn.invoke();
        } catch (final Throwable t) {
            throw thrown(t);
        }
    }

    /** Calls a user function of one argument. */
    @SuppressWarnings("checkstyle:IllegalCatch")
    public static Object call(final MethodHandle fn, final Object a) throws Exception {
        try {
            return fn.invoke(a);
        } catch (final Throwable t) {
            throw thrown(t);
        }
    }

    /** Calls a user function of two arguments. */
    @SuppressWarnings("checkstyle:IllegalCatch")
    public static Object call(final MethodHandle fn, final Object a, final Object b) throws Exception {
        try {
            return fn.invoke(a, b);
        } catch (final Throwable t) {
            throw thrown(t);
        }
    }

    /** Calls a user function typed {@code (Object)Object} exactly: the per-segment call of a task's function. */
    @SuppressWarnings("checkstyle:IllegalCatch")
    public static Object callExact(final MethodHandle fn, final Object a) throws Exception {
        try {
            return (Object) fn.invokeExact(a);
        } catch (final Throwable t) {
            throw thrown(t);
        }
    }

    /** An exception to throw in place of what user code threw: itself, or an Error thrown as it is. */
    private static Exception thrown(final Throwable t) {
        if (t instanceof Exception e) {
            return e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new UndeclaredThrowableException(t, "user code threw " + t);
    }
}
