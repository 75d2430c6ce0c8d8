package io.sardonyx.job;

import io.sardonyx.api.LifecycleCalls;
import io.sardonyx.api.SegmentFunction;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks references against the classes a class loader can load, under a {@link PackagePolicy}. Classes are
 * loaded without initialisation, so no user code runs during validation.
 */
public final class ClassPathFunctionChecker implements FunctionChecker {
    private final ClassLoader loader;
    private final PackagePolicy policy;

    /**
     * @param loader where user classes are found (the job's class path)
     * @param policy which packages are allowed
     */
    public ClassPathFunctionChecker(final ClassLoader loader, final PackagePolicy policy) {
        this.loader = loader;
        this.policy = policy;
    }

    @Override
    public Optional<String> check(final String reference, final FunctionKind kind, final List<Object> paramValues) {
        final Optional<FunctionRef> parsed = FunctionRef.parse(reference);
        if (parsed.isEmpty()) {
            return Optional.of("\"" + reference + "\" is not a reference such as \"com.acme.Fns::inc\"");
        }
        final FunctionRef ref = parsed.get();
        final Optional<String> refused = policy.refusal(ref.className());
        if (refused.isPresent()) {
            return Optional.of("\"" + ref + "\" is refused: " + refused.get());
        }
        final Class<?> type;
        try {
            type = Class.forName(ref.className(), false, loader);
        } catch (final ClassNotFoundException e) {
            return Optional.of("class " + ref.className() + " is not on the class path" + nestedHint(ref.className()));
        } catch (final LinkageError e) {
            return Optional.of("class " + ref.className() + " cannot be loaded: " + e);
        }
        if (type.getClassLoader() == null || type.getClassLoader() == ClassLoader.getPlatformClassLoader()) {
            return Optional.of("\"" + ref + "\" is refused: classes of the Java platform may not be job functions");
        }
        final Optional<String> foreign = policy.refusal(ref.className(),
            type.getClassLoader() == ClassPathFunctionChecker.class.getClassLoader());
        if (foreign.isPresent()) {
            return Optional.of("\"" + ref + "\" is refused: " + foreign.get());
        }
        if (!Modifier.isPublic(type.getModifiers())) {
            return Optional.of("class " + ref.className() + " is not public");
        }
        if (ref.method() == null) {
            if (kind.namesClass() || kind == FunctionKind.TASK_FN) {
                return checkClass(type, kind, paramValues);
            }
            return Optional.of("\"" + ref + "\" names a class; name a method (\"" + ref + "::method\"), "
                + kind.expected());
        }
        if (kind.namesClass()) {
            return Optional.of("\"" + ref + "\" names a method; it must name a class: " + kind.expected());
        }
        try {
            return checkMethod(type, ref, kind, paramValues);
        } catch (final LinkageError e) {
            return Optional.of("the methods of " + ref.className() + " cannot be read: " + e);
        }
    }

    @Override
    public Optional<PluginDescriptor> plugin(final String name) {
        return PluginDescriptor.find(name, loader);
    }

    @Override
    public boolean fixedPeerCount(final String pluginClass) {
        if (policy.refusal(pluginClass).isPresent()) {
            return false;
        }
        try {
            return io.sardonyx.api.FixedPeerCount.class.isAssignableFrom(Class.forName(pluginClass, false, loader));
        } catch (final ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private String nestedHint(final String className) {
        final int dot = className.lastIndexOf('.');
        if (dot > 0) {
            final String nested = className.substring(0, dot) + "$" + className.substring(dot + 1);
            try {
                Class.forName(nested, false, loader);
                return "; for a nested class write \"" + nested + "\"";
            } catch (final ClassNotFoundException | LinkageError e) {
                return "";
            }
        }
        return "";
    }

    private Optional<String> checkClass(final Class<?> type, final FunctionKind kind, final List<Object> params) {
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            return Optional.of("class " + type.getName() + " is abstract; name a concrete class: " + kind.expected());
        }
        if (kind == FunctionKind.TASK_FN && !SegmentFunction.class.isAssignableFrom(type)) {
            return Optional.of("class " + type.getName() + " does not implement io.sardonyx.api.SegmentFunction; name "
                + "a static method (\"" + type.getName() + "::method\") or implement the interface");
        }
        if (kind == FunctionKind.LIFECYCLE_CALLS && !LifecycleCalls.class.isAssignableFrom(type)) {
            return Optional.of("class " + type.getName() + " does not implement io.sardonyx.api.LifecycleCalls");
        }
        final List<Object> ctorParams = kind == FunctionKind.TASK_FN
            ? params.stream().filter(v -> v != LIFECYCLE_PARAMS).toList() : List.of();
        for (final Constructor<?> constructor : type.getConstructors()) {
            if (fits(constructor.getParameterTypes(), 0, ctorParams)
                && constructor.getParameterCount() == ctorParams.size()) {
                return Optional.empty();
            }
        }
        return Optional.of("class " + type.getName() + " has no public constructor taking " + (ctorParams.isEmpty()
            ? "no arguments" : describeValues(ctorParams) + " (the onyx/params values)") + "; found "
            + describeAll(Arrays.asList(type.getConstructors())));
    }

    private Optional<String> checkMethod(final Class<?> type, final FunctionRef ref, final FunctionKind kind,
                                         final List<Object> params) {
        final List<Method> named = new ArrayList<>();
        for (final Method method : type.getMethods()) {
            if (method.getName().equals(ref.method())) {
                named.add(method);
            }
        }
        if (named.isEmpty()) {
            final boolean hidden = Arrays.stream(type.getDeclaredMethods())
                .anyMatch(m -> m.getName().equals(ref.method()));
            if (hidden) {
                return Optional.of("method " + ref + " is not public");
            }
            final TreeSet<String> statics = new TreeSet<>();
            for (final Method method : type.getMethods()) {
                if (Modifier.isStatic(method.getModifiers()) && method.getDeclaringClass() != Object.class) {
                    statics.add(method.getName());
                }
            }
            return Optional.of("class " + type.getName() + " has no public method \"" + ref.method() + "\""
                + Suggestions.didYouMean(ref.method(), statics));
        }
        final List<Method> statics = named.stream().filter(m -> Modifier.isStatic(m.getModifiers())).toList();
        if (statics.isEmpty()) {
            return Optional.of("method " + ref + " is not static; job functions are public static methods");
        }
        for (final Method method : statics) {
            if (matches(method, kind, params)) {
                return Optional.empty();
            }
        }
        final String values = params.isEmpty() ? "" : " (parameter values: " + describeValues(params) + ")";
        return Optional.of("method " + ref + " has the wrong signature: found " + describeAll(statics)
            + "; expected " + kind.expected() + values + mismatch(statics, params));
    }

    private static boolean matches(final Method method, final FunctionKind kind, final List<Object> params) {
        final Class<?>[] p = method.getParameterTypes();
        final Class<?> r = method.getReturnType();
        final int n = params.size();
        final boolean open = n > 0 && params.get(n - 1) == LIFECYCLE_PARAMS;
        final List<Object> fixed = open ? params.subList(0, n - 1) : params;
        final int last = p.length - 1;
        final boolean arity = open ? p.length >= n : p.length == n + 1;
        switch (kind) {
            case TASK_FN:
                return arity && fits(p, 0, fixed) && acceptsMap(p[last]) && returnsSegments(r);
            case BATCH_FN:
                return arity && fits(p, 0, fixed) && p[last].isAssignableFrom(List.class)
                    && (r == Object.class || Collection.class.isAssignableFrom(r));
            case GROUP_BY_FN:
                return p.length == 1 && acceptsMap(p[0]) && r != void.class;
            case FLOW_PREDICATE:
                return returnsBoolean(r) && (p.length == n + 1 && acceptsMap(p[0]) && fits(p, 1, params)
                    || p.length == n + 2 && acceptsMap(p[0]) && acceptsMap(p[1]) && fits(p, 2, params));
            case EXCEPTION_PREDICATE:
                return returnsBoolean(r) && (p.length == n + 1 && acceptsThrowable(p[0]) && fits(p, 1, params)
                    || p.length == n + 2 && acceptsMap(p[0]) && acceptsThrowable(p[1]) && fits(p, 2, params));
            case POST_TRANSFORM:
                return p.length == 2 && acceptsMap(p[0]) && acceptsThrowable(p[1])
                    && (r == Object.class || Map.class.isAssignableFrom(r));
            case WATERMARK_FN:
                return p.length == 1 && acceptsMap(p[0]) && (r == long.class || r == Long.class);
            case TRIGGER_SYNC:
                return p.length == 2 && acceptsMap(p[0]) && !p[1].isPrimitive();
            case TRIGGER_EMIT:
                return p.length == 2 && acceptsMap(p[0]) && !p[1].isPrimitive() && returnsSegments(r);
            case SEQ_SUPPLIER:
                return p.length == 0 && (r == Object.class || Iterable.class.isAssignableFrom(r));
            case TRIGGER_PRED:
                return p.length == 1 && acceptsMap(p[0]) && returnsBoolean(r);
            case DESERIALIZER:
                return p.length == 1 && p[0] == byte[].class && r != void.class && !r.isPrimitive();
            case SERIALIZER:
                return p.length == 1 && !p[0].isPrimitive() && r == byte[].class;
            default:
                return false;
        }
    }

    private static boolean acceptsMap(final Class<?> type) {
        return type.isAssignableFrom(Map.class);
    }

    private static boolean acceptsThrowable(final Class<?> type) {
        return type == Object.class || Throwable.class.isAssignableFrom(type);
    }

    private static boolean returnsBoolean(final Class<?> type) {
        return type == boolean.class || type == Boolean.class;
    }

    private static boolean returnsSegments(final Class<?> type) {
        return type == Object.class || Map.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type);
    }

    /** True when each value can be passed as the parameter at the same place, from {@code offset} on. */
    /** The first parameter, of a method with room for every value, whose type does not take its value; or "". */
    private static String mismatch(final List<Method> methods, final List<Object> values) {
        for (final Method method : methods) {
            final Class<?>[] types = method.getParameterTypes();
            if (types.length <= values.size()) {
                continue;
            }
            for (int i = 0; i < values.size(); i++) {
                final Object value = values.get(i);
                if (value == LIFECYCLE_PARAMS) {
                    break;
                }
                if (value == null ? types[i].isPrimitive() : !box(types[i]).isInstance(value)) {
                    return ": parameter " + (i + 1) + " of " + method.getName() + " is " + types[i].getSimpleName()
                        + " but the value given for it is " + JsonValues.describe(value)
                        + (value instanceof Long ? " (integers arrive as long)" : "");
                }
            }
        }
        return "";
    }

    private static boolean fits(final Class<?>[] types, final int offset, final List<Object> values) {
        if (types.length < offset + values.size()) {
            return false;
        }
        for (int i = 0; i < values.size(); i++) {
            final Class<?> type = types[offset + i];
            final Object value = values.get(i);
            if (value == null ? type.isPrimitive() : !box(type).isInstance(value)) {
                return false;
            }
        }
        return true;
    }

    private static Class<?> box(final Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        if (type == long.class) {
            return Long.class;
        }
        if (type == double.class) {
            return Double.class;
        }
        if (type == boolean.class) {
            return Boolean.class;
        }
        // int, short, byte, char, float: job values are never of these types.
        return Void.class;
    }

    private static String describeValues(final List<Object> values) {
        return values.stream().map(v -> v == LIFECYCLE_PARAMS ? v.toString() : JsonValues.describe(v))
            .collect(Collectors.joining(", "));
    }

    private static String describeAll(final List<? extends Executable> executables) {
        if (executables.isEmpty()) {
            return "none";
        }
        return executables.stream().map(ClassPathFunctionChecker::describe).collect(Collectors.joining(", "));
    }

    private static String describe(final Executable executable) {
        final String params = Arrays.stream(executable.getParameterTypes()).map(Class::getSimpleName)
            .collect(Collectors.joining(", "));
        final String result = executable instanceof Method m ? m.getReturnType().getSimpleName() + " " : "";
        final String name = executable instanceof Method ? executable.getName()
            : executable.getDeclaringClass().getSimpleName();
        return result + name + "(" + params + ")";
    }
}
