package io.sardonyx.job;

import java.util.List;
import java.util.Optional;

/**
 * Which packages job functions may come from. The JDK's own packages are always refused (a job must not be
 * able to name {@code java.lang.System::exit} or {@code java.lang.Runtime}); a non-empty allowlist narrows the
 * rest to the listed packages and their sub-packages. Without one, {@code classPathOnly} narrows them to the classes
 * the user gave (not loaded with the engine: from {@code --classpath}) and Sardonyx's own ({@code io.sardonyx.*}),
 * so a job cannot reach into the engine's dependencies (ZooKeeper, Curator, Jackson-like utilities).
 *
 * @param allowed       package prefixes such as {@code com.acme}; empty allows every non-JDK package
 * @param classPathOnly with no allowlist, refuse classes that came with the engine, Sardonyx's own aside
 */
public record PackagePolicy(List<String> allowed, boolean classPathOnly) {
    /** Package roots that are never allowed. */
    public static final List<String> REFUSED = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");
    /** No allowlist: any class outside the JDK. */
    public static final PackagePolicy ANY = new PackagePolicy(List.of());
    /** The command line's default: the user's classes (from {@code --classpath}) and Sardonyx's own. */
    public static final PackagePolicy CLASS_PATH_ONLY = new PackagePolicy(List.of(), true);

    /** An allowlist (empty: every non-JDK package). */
    public PackagePolicy(final List<String> allowed) {
        this(allowed, false);
    }

    public PackagePolicy {
        allowed = List.copyOf(allowed);
        for (final String prefix : allowed) {
            if (prefix.isBlank() || prefix.startsWith(".") || prefix.endsWith(".")) {
                throw new IllegalArgumentException("allowed package \"" + prefix
                    + "\" must be a package name such as com.acme");
            }
        }
    }

    /** Why the class may not be used, or empty when it may. */
    public Optional<String> refusal(final String className) {
        for (final String refused : REFUSED) {
            if (className.startsWith(refused)) {
                return Optional.of("classes in the JDK's own packages (" + String.join("*, ", REFUSED)
                    + "*) may not be job functions");
            }
        }
        if (allowed.isEmpty()) {
            return Optional.empty();
        }
        for (final String prefix : allowed) {
            if (className.startsWith(prefix + ".")) {
                return Optional.empty();
            }
        }
        return Optional.of("its package is not in the allowed packages (" + String.join(", ", allowed) + ")");
    }

    /**
     * Why a loaded class may not be used for where it came from, or empty when it may: with {@code classPathOnly} and
     * no allowlist, a class the engine's own loader defined is refused unless it is Sardonyx's.
     *
     * @param fromEngine the class was defined by the loader that loaded the engine (not from the user's class path)
     */
    public Optional<String> refusal(final String className, final boolean fromEngine) {
        if (classPathOnly && allowed.isEmpty() && fromEngine && !className.startsWith("io.sardonyx.")) {
            return Optional.of("it comes with Sardonyx (one of the engine's own libraries), not from the job's "
                + "--classpath; give the jar of your functions with --classpath, or allow its package with "
                + "--allow-package");
        }
        return Optional.empty();
    }
}
