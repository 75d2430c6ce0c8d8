package io.sardonyx.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes JSON text as JSON-like values (maps, lists, strings, longs, doubles, booleans and null).
 * Reading is bounded (nesting depth, string and number lengths) and strict (a key repeated in one object is an
 * error, not a silent overwrite); writing is stable and readable: two-space indents, short lists of scalars on one
 * line.
 */
public final class JsonText {
    /** Deepest nesting a document may have. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** Longest string a document may hold: as long as the largest job document (1 MiB). */
    public static final int MAX_STRING_CHARS = 1024 * 1024;
    private static final int INLINE_WIDTH = 100;
    private static final JsonFactory FACTORY = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxStringLength(MAX_STRING_CHARS)
            .maxNumberLength(64)
            .build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();

    private JsonText() {
    }

    /** A document that is not JSON, with the place it went wrong. */
    public static final class SyntaxException extends Exception {
        private final int line;
        private final int column;

        SyntaxException(final String message, final int line, final int column) {
            super(message);
            this.line = line;
            this.column = column;
        }

        /** The 1-based line of the problem, or 0 when unknown. */
        public int line() {
            return line;
        }

        /** The 1-based column of the problem, or 0 when unknown. */
        public int column() {
            return column;
        }
    }

    /**
     * Parses one JSON document into a JSON-like value.
     *
     * @throws SyntaxException with line and column when the text is not one well-formed JSON value
     */
    public static Object parse(final String text) throws SyntaxException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            final JsonToken first = parser.nextToken();
            if (first == null) {
                throw new SyntaxException("the document is empty", 1, 1);
            }
            final Object value = readValue(parser, first);
            final JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw syntax("unexpected content after the end of the document", parser.currentLocation());
            }
            return value;
        } catch (final StreamConstraintsException e) {
            throw new SyntaxException(firstLine(e.getOriginalMessage()), 0, 0);
        } catch (final JsonParseException e) {
            throw syntax(firstLine(e.getOriginalMessage()), e.getLocation());
        } catch (final IOException e) {
            throw new SyntaxException("cannot read the document: " + e.getMessage(), 0, 0);
        }
    }

    private static Object readValue(final JsonParser parser, final JsonToken token) throws IOException,
        SyntaxException {
        switch (token) {
            case START_OBJECT:
                final Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    final String key = parser.currentName();
                    map.put(key, readValue(parser, parser.nextToken()));
                }
                return Collections.unmodifiableMap(map);
            case START_ARRAY:
                final List<Object> list = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    list.add(readValue(parser, t));
                }
                return Collections.unmodifiableList(list);
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw syntax("the integer " + parser.getText() + " does not fit in 64 bits",
                        parser.currentTokenLocation());
                }
                return parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                final double d = parser.getDoubleValue();
                if (Double.isInfinite(d)) {
                    throw syntax("the number " + parser.getText() + " is out of range", parser.currentTokenLocation());
                }
                return d;
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw syntax("unexpected " + token, parser.currentTokenLocation());
        }
    }

    private static SyntaxException syntax(final String message, final JsonLocation location) {
        return location == null
            ? new SyntaxException(message, 0, 0)
            : new SyntaxException(message, location.getLineNr(), location.getColumnNr());
    }

    private static String firstLine(final String message) {
        if (message == null) {
            return "malformed JSON";
        }
        final int newline = message.indexOf('\n');
        final String line = newline < 0 ? message : message.substring(0, newline);
        // Jackson names its (redacted) source inside nested locations; keep only the line and column.
        return line.replaceAll("\\[Source: [^;]*; (line: \\d+, column: \\d+)]", "$1");
    }

    /**
     * Writes a JSON-like value as JSON on one line (JSON lines); byte arrays are written as base64 strings.
     *
     * @throws IllegalArgumentException naming the type of a value JSON cannot hold
     */
    public static String writeLine(final Object value) {
        final StringBuilder out = new StringBuilder(128);
        writeCompact(out, value);
        return out.toString();
    }

    private static void writeCompact(final StringBuilder out, final Object value) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (final Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeScalar(out, String.valueOf(entry.getKey()));
                out.append(':');
                writeCompact(out, entry.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                writeCompact(out, list.get(i));
            }
            out.append(']');
        } else if (value instanceof byte[] bytes) {
            writeScalar(out, java.util.Base64.getEncoder().encodeToString(bytes));
        } else if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
            || value instanceof Integer) {
            writeScalar(out, value);
        } else if (value instanceof Double d && Double.isFinite(d)) {
            writeScalar(out, value);
        } else {
            throw new IllegalArgumentException("JSON cannot hold " + (value instanceof Double ? "the number " + value
                : "a " + value.getClass().getName()));
        }
    }

    /** Writes a JSON-like value as indented JSON text. */
    public static String write(final Object value) {
        final StringBuilder out = new StringBuilder(256);
        write(out, value, 0);
        return out.toString();
    }

    private static void write(final StringBuilder out, final Object value, final int depth) {
        if (value instanceof Map<?, ?> map) {
            writeMap(out, map, depth);
        } else if (value instanceof List<?> list) {
            writeList(out, list, depth);
        } else {
            writeScalar(out, value);
        }
    }

    private static void writeMap(final StringBuilder out, final Map<?, ?> map, final int depth) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        out.append("{\n");
        int i = 0;
        for (final Map.Entry<?, ?> entry : map.entrySet()) {
            indent(out, depth + 1);
            writeScalar(out, String.valueOf(entry.getKey()));
            out.append(": ");
            write(out, entry.getValue(), depth + 1);
            out.append(++i < map.size() ? ",\n" : "\n");
        }
        indent(out, depth);
        out.append('}');
    }

    private static void writeList(final StringBuilder out, final List<?> list, final int depth) {
        final String inline = inline(list);
        if (inline != null && inline.length() + depth * 2 <= INLINE_WIDTH) {
            out.append(inline);
            return;
        }
        out.append("[\n");
        for (int i = 0; i < list.size(); i++) {
            indent(out, depth + 1);
            write(out, list.get(i), depth + 1);
            out.append(i + 1 < list.size() ? ",\n" : "\n");
        }
        indent(out, depth);
        out.append(']');
    }

    /** One-line form of a list of scalars (or of short lists of scalars), or null when it has maps. */
    private static String inline(final List<?> list) {
        final StringBuilder line = new StringBuilder("[");
        for (int i = 0; i < list.size(); i++) {
            final Object item = list.get(i);
            if (item instanceof Map<?, ?>) {
                return null;
            }
            if (item instanceof List<?> inner) {
                final String nested = inline(inner);
                if (nested == null) {
                    return null;
                }
                line.append(nested);
            } else {
                writeScalar(line, item);
            }
            if (i + 1 < list.size()) {
                line.append(", ");
            }
        }
        return line.append(']').toString();
    }

    private static void writeScalar(final StringBuilder out, final Object value) {
        if (value instanceof String s) {
            out.append('"');
            JsonStringEncoder.getInstance().quoteAsString(s, out);
            out.append('"');
        } else {
            out.append(value);
        }
    }

    private static void indent(final StringBuilder out, final int depth) {
        out.append("  ".repeat(depth));
    }
}
