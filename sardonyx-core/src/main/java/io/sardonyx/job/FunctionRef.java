package io.sardonyx.job;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A reference to user code: {@code "com.acme.Fns::inc"} (a public static method) or {@code "com.acme.Inc"}
 * (a class, for kinds that take one).
 *
 * @param className the binary class name
 * @param method    the method name, or null for a class reference
 */
public record FunctionRef(String className, String method) {
    private static final Pattern CLASS_NAME =
        Pattern.compile("([A-Za-z_$][A-Za-z0-9_$]*\\.)*[A-Za-z_$][A-Za-z0-9_$]*");
    private static final Pattern METHOD_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    /** Parses a reference, or returns empty when it is not one. */
    public static Optional<FunctionRef> parse(final String text) {
        final int sep = text.indexOf("::");
        final String className = sep < 0 ? text : text.substring(0, sep);
        final String method = sep < 0 ? null : text.substring(sep + 2);
        if (!CLASS_NAME.matcher(className).matches() || method != null && !METHOD_NAME.matcher(method).matches()) {
            return Optional.empty();
        }
        return Optional.of(new FunctionRef(className, method));
    }

    @Override
    public String toString() {
        return method == null ? className : className + "::" + method;
    }
}
