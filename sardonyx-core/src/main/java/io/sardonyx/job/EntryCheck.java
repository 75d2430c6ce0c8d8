package io.sardonyx.job;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks of single keys of one entry (a task, a flow condition, a window…), each reporting against the entry's
 * subject, so every section validates its keys the same way and says the same thing about the same mistake.
 */
final class EntryCheck {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]*");

    private final Findings findings;
    private final String subject;
    private final JobEntry entry;
    private final FunctionChecker functions;

    EntryCheck(final Findings findings, final String subject, final JobEntry entry, final FunctionChecker functions) {
        this.findings = findings;
        this.subject = subject;
        this.entry = entry;
        this.functions = functions;
    }

    String subject() {
        return subject;
    }

    void error(final String message) {
        findings.error(subject, message);
    }

    void warning(final String message) {
        findings.warning(subject, message);
    }

    /** Reports keys of the entry's own namespace that the model does not know; other namespaces pass through. */
    void knownKeys(final InformationModel.Section section) {
        for (final String key : entry.attributes().keySet()) {
            if (key.startsWith(section.namespace()) && !section.keys().containsKey(key)) {
                final String deprecated = section.deprecated().get(key);
                if (deprecated != null) {
                    warning(Findings.q(key) + " has no effect: " + deprecated);
                } else {
                    error(Findings.q(key) + " is not a " + section.what() + " key"
                        + Suggestions.didYouMean(key, section.keys().keySet()) + " (keys of other namespaces, such "
                        + "as \"my/param\", pass through)");
                }
            }
        }
    }

    /** A required string key; returns it when present and a string. */
    Optional<String> requiredString(final String key, final String example) {
        final Object value = entry.get(key);
        if (value == null) {
            error(Findings.q(key) + " is missing; it must be " + example);
            return Optional.empty();
        }
        return string(key, example);
    }

    /** An optional string key. */
    Optional<String> string(final String key, final String example) {
        final Object value = entry.get(key);
        if (value == null) {
            if (entry.has(key)) {
                error(Findings.q(key) + " is null; give " + example + " or leave the key out");
            }
            return Optional.empty();
        }
        if (!(value instanceof String s) || s.isBlank()) {
            error(Findings.q(key) + " must be " + example + "; got " + JsonValues.describe(value));
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /** A name (task, window, trigger): a short string of letters, digits, '_', '.', '-'. */
    Optional<String> requiredName(final String key, final String what) {
        final Optional<String> name = requiredString(key, "the " + what + "'s name, a string");
        if (name.isPresent() && (!NAME.matcher(name.get()).matches()
            || name.get().length() > JobLimits.MAX_NAME_LENGTH)) {
            error(Findings.q(key) + " " + Findings.q(name.get()) + " is not a valid " + what + " name: use letters, "
                + "digits, '_', '.' and '-', starting with a letter, digit or '_', at most "
                + JobLimits.MAX_NAME_LENGTH + " characters");
            return Optional.empty();
        }
        return name;
    }

    /** An optional integer key that must be at least {@code min}; returns it when valid. */
    Optional<Long> integer(final String key, final long min, final String meaning) {
        final Object value = entry.get(key);
        if (value == null && !entry.has(key)) {
            return Optional.empty();
        }
        if (!(value instanceof Long n) || n < min) {
            error(Findings.q(key) + " must be " + (min == 1 ? "a positive integer" : "an integer of at least " + min)
                + " (" + meaning + "); got " + JsonValues.describe(value));
            return Optional.empty();
        }
        return Optional.of(n);
    }

    /** An optional boolean key. */
    void bool(final String key) {
        if (entry.has(key) && !(entry.get(key) instanceof Boolean)) {
            error(Findings.q(key) + " must be true or false; got " + JsonValues.describe(entry.get(key)));
        }
    }

    /** An optional list-of-strings key. */
    Optional<List<String>> stringList(final String key, final String meaning) {
        if (!entry.has(key)) {
            return Optional.empty();
        }
        if (!JsonValues.isStringList(entry.get(key))) {
            error(Findings.q(key) + " must be a list of strings (" + meaning + "); got "
                + JsonValues.describe(entry.get(key)));
            return Optional.empty();
        }
        return Optional.of(entry.strings(key));
    }

    /** An optional {@code [n, "unit"]} key. */
    Optional<WindowMeasure> measure(final String key) {
        if (!entry.has(key)) {
            return Optional.empty();
        }
        try {
            return Optional.of(WindowMeasure.parse(entry.get(key)));
        } catch (final IllegalArgumentException e) {
            error(Findings.q(key) + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Reports a key that has no meaning in this entry's configuration. */
    void notAllowed(final String key, final String because) {
        if (entry.has(key)) {
            error(Findings.q(key) + " " + because);
        }
    }

    /** Checks a reference to user code held by a key (when present). */
    void function(final String key, final FunctionKind kind, final List<Object> paramValues) {
        string(key, "a reference such as \"com.acme.Fns::method\"").ifPresent(
            reference -> function(key, reference, kind, paramValues));
    }

    /** Checks a reference to user code, reporting against the given key. */
    void function(final String key, final String reference, final FunctionKind kind, final List<Object> params) {
        if (FunctionRef.parse(reference).isEmpty()) {
            error(Findings.q(key) + " " + Findings.q(reference) + " is not a reference: write \"com.acme.Fns::method\""
                + (kind.namesClass() ? " or a class name \"com.acme.MyClass\"" : "") + "; it must be "
                + kind.expected());
            return;
        }
        functions.check(reference, kind, params).ifPresent(problem -> error(Findings.q(key) + ": " + problem));
    }

    /** The plugin module of that name on the class path, if any. */
    java.util.Optional<PluginDescriptor> plugin(final String name) {
        return functions.plugin(name);
    }

    /** True when the plugin class says its state cannot move between peers. */
    boolean fixedPeerCount(final String pluginClass) {
        return functions.fixedPeerCount(pluginClass);
    }

    /** Reports a reference to an unknown name with a suggestion. */
    void unknownName(final String key, final String name, final String what, final java.util.Collection<String> known) {
        error(Findings.q(key) + " names " + what + " " + Findings.q(name) + ", which is not in the job"
            + Suggestions.didYouMean(name, known));
    }

    /** The values of keys of this entry, for parameter type checks. */
    List<Object> valuesOf(final List<String> keys) {
        final Map<String, Object> attributes = entry.attributes();
        return keys.stream().map(attributes::get).toList();
    }
}
