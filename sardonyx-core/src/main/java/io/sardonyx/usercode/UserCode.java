package io.sardonyx.usercode;

import io.sardonyx.job.ClassPathFunctionChecker;
import io.sardonyx.job.FunctionKind;
import io.sardonyx.job.FunctionRef;
import io.sardonyx.job.PackagePolicy;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;

/**
 * Resolves the user code a job names into callables, through the same checks as validation (the package
 * allowlist, the shapes of {@link FunctionKind}), so a peer never runs code a validator would refuse.
 */
public final class UserCode {
    private final ClassLoader loader;
    private final ClassPathFunctionChecker checker;

    public UserCode(final ClassLoader loader, final PackagePolicy policy) {
        this.loader = loader;
        this.checker = new ClassPathFunctionChecker(loader, policy);
    }

    public ClassLoader loader() {
        return loader;
    }

    /**
     * A static method of the given kind, with its leading arguments bound, typed to take the remaining ones as
     * Objects and return Object.
     *
     * @param arity how many arguments the method takes in all (bound ones included)
     * @param bound values bound in front (the onyx/params values)
     * @throws UserCodeException naming the reference and what is wrong with it
     */
    public MethodHandle method(final String reference, final FunctionKind kind, final int arity,
                               final List<Object> bound) {
        return method(reference, kind, arity, bound, true);
    }

    /**
     * A static method of the given kind with parameter values bound in front or at the end (flow predicates take
     * theirs after the segments), typed to take the remaining arguments as Objects and return Object.
     *
     * @throws UserCodeException naming the reference and what is wrong with it
     */
    public MethodHandle method(final String reference, final FunctionKind kind, final int arity,
                               final List<Object> bound, final boolean inFront) {
        checker.check(reference, kind, bound).ifPresent(why -> {
            throw new UserCodeException(reference + ": " + why);
        });
        final FunctionRef ref = FunctionRef.parse(reference).orElseThrow();
        try {
            final Class<?> type = Class.forName(ref.className(), true, loader);
            for (final Method m : type.getMethods()) {
                if (m.getName().equals(ref.method()) && Modifier.isStatic(m.getModifiers())
                    && m.getParameterCount() == arity) {
                    MethodHandle handle = MethodHandles.publicLookup().unreflect(m);
                    if (!bound.isEmpty()) {
                        handle = MethodHandles.insertArguments(handle, inFront ? 0 : arity - bound.size(),
                            bound.toArray());
                    }
                    return handle.asType(MethodType.genericMethodType(arity - bound.size()));
                }
            }
        } catch (final ClassNotFoundException | IllegalAccessException | LinkageError e) {
            throw new UserCodeException(reference + ": cannot be loaded: " + e, e);
        }
        throw new UserCodeException(reference + ": has no public static method taking " + arity + " argument(s)");
    }

    /** True when a static method of that name takes exactly this many arguments. */
    public boolean hasArity(final String reference, final int arity) {
        final FunctionRef ref = FunctionRef.parse(reference).orElse(null);
        if (ref == null || ref.method() == null) {
            return false;
        }
        try {
            for (final Method m : Class.forName(ref.className(), false, loader).getMethods()) {
                if (m.getName().equals(ref.method()) && Modifier.isStatic(m.getModifiers())
                    && m.getParameterCount() == arity) {
                    return true;
                }
            }
        } catch (final ClassNotFoundException | LinkageError e) {
            return false;
        }
        return false;
    }

    /**
     * An instance of the named class, made through the public constructor taking the arguments.
     *
     * @throws UserCodeException naming the class and what went wrong
     */
    public <T> T instance(final String className, final FunctionKind kind, final Class<T> type,
                          final List<Object> args) {
        checker.check(className, kind, kind == FunctionKind.TASK_FN ? args : List.of()).ifPresent(why -> {
            throw new UserCodeException(className + ": " + why);
        });
        try {
            final Class<?> c = Class.forName(className, true, loader);
            for (final Constructor<?> ctor : c.getConstructors()) {
                if (ctor.getParameterCount() == args.size()) {
                    return type.cast(ctor.newInstance(args.toArray()));
                }
            }
            throw new UserCodeException(className + ": has no public constructor taking " + args.size()
                + " argument(s)");
        } catch (final InvocationTargetException e) {
            throw new UserCodeException(className + ": its constructor threw " + e.getCause(), e.getCause());
        } catch (final ClassNotFoundException | InstantiationException | IllegalAccessException | LinkageError
                       | ClassCastException e) {
            throw new UserCodeException(className + ": cannot be made: " + e, e);
        }
    }
}
