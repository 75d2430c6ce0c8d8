package io.sardonyx.job;

import java.util.List;
import java.util.Optional;

/**
 * Which packages job functions may come from. The JDK's own packages are always refused (a job must not be
 * able to name {@code java.lang.System::exit} or {@code java.lang.Runtime}); a non-empty allowlist narrows the
 * rest to the listed packages and their sub-packages.
 *
 * @param allowed package prefixes such as {@code com.acme}; empty allows every non-JDK package
 */
public record PackagePolicy(List<String> allowed) {
    /** Package roots that are never allowed. */
    public static final List<String> REFUSED = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");
    /** No allowlist: any class outside the JDK. */
    public static final PackagePolicy ANY = new PackagePolicy(List.of());

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
}
