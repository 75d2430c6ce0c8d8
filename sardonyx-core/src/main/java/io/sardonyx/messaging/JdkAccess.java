package io.sardonyx.messaging;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;

/**
 * Lets Agrona (under Aeron, the segment codec and the state snapshots) reach {@code jdk.internal.misc.Unsafe} without
 * the JVM flag {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}, so a program that embeds Sardonyx runs
 * with a plain {@code java -cp}. Agrona 2 calls that class directly; without the export its first use fails with an
 * {@code IllegalAccessError} that cannot be recovered from. {@link #ensure} exports the package to the unnamed modules
 * through the JDK's own trusted lookup, before any Agrona buffer is made. Nothing is done when the export is already
 * there (the flag was given, as {@code bin/sardonyx} does), or when {@code -Dsardonyx.jdkAccess=false} says not to.
 * Only this one package is exported; nothing is opened.
 */
public final class JdkAccess {
    private static final String PACKAGE = "jdk.internal.misc";
    private static volatile boolean done;

    private JdkAccess() {
    }

    /**
     * Makes sure Agrona can work in this JVM.
     *
     * @throws IllegalStateException naming the JVM flag to add, when this JDK refuses the export
     */
    @SuppressWarnings("checkstyle:IllegalCatch")
    public static synchronized void ensure() {
        if (done) {
            return;
        }
        final Module base = Object.class.getModule();
        if (base.isExported(PACKAGE, JdkAccess.class.getModule())
            || "false".equals(System.getProperty("sardonyx.jdkAccess"))) {
            done = true;
            return;
        }
        try {
            trusted().findVirtual(Module.class, "implAddExportsToAllUnnamed",
                MethodType.methodType(void.class, String.class)).invoke(base, PACKAGE);
        } catch (final Throwable t) {
            throw new IllegalStateException("this JVM does not let Sardonyx use " + PACKAGE + " (which Aeron's "
                + "Agrona needs): start it with --add-exports java.base/" + PACKAGE + "=ALL-UNNAMED", t);
        }
        done = true;
    }

    /**
     * The JDK's fully trusted lookup: its private constructor through the serialization factory of jdk.unsupported,
     * else its own field read through that module's Unsafe (both reached reflectively: they are not API).
     */
    @SuppressWarnings("checkstyle:IllegalCatch")
    private static MethodHandles.Lookup trusted() throws ReflectiveOperationException {
        try {
            final Class<?> factoryType = Class.forName("sun.reflect.ReflectionFactory");
            final Object factory = factoryType.getMethod("getReflectionFactory").invoke(null);
            final Constructor<?> constructor = (Constructor<?>) factoryType.getMethod("newConstructorForSerialization",
                Class.class, Constructor.class).invoke(factory, MethodHandles.Lookup.class,
                MethodHandles.Lookup.class.getDeclaredConstructor(Class.class, Class.class, int.class));
            // -1 is Lookup.TRUSTED: every access mode, in every module.
            return (MethodHandles.Lookup) constructor.newInstance(Object.class, null, -1);
        } catch (final ReflectiveOperationException | RuntimeException e) {
            final Class<?> unsafeType = Class.forName("sun.misc.Unsafe");
            final Field theUnsafe = unsafeType.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            final Object unsafe = theUnsafe.get(null);
            final Field impl = MethodHandles.Lookup.class.getDeclaredField("IMPL_LOOKUP");
            final Object base = unsafeType.getMethod("staticFieldBase", Field.class).invoke(unsafe, impl);
            final long offset = (Long) unsafeType.getMethod("staticFieldOffset", Field.class).invoke(unsafe, impl);
            return (MethodHandles.Lookup) unsafeType.getMethod("getObject", Object.class, long.class)
                .invoke(unsafe, base, offset);
        }
    }
}
