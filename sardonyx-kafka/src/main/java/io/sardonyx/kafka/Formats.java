package io.sardonyx.kafka;

import io.sardonyx.codec.JsonText;
import io.sardonyx.job.FunctionKind;
import io.sardonyx.job.JsonValues;
import io.sardonyx.usercode.UserCalls;
import io.sardonyx.usercode.UserCode;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The built-in formats of keys and messages ({@code json}, {@code string}, {@code bytes}) and user functions. */
final class Formats {
    private Formats() {
    }

    /** Turns a record's bytes into a value. */
    @FunctionalInterface
    interface Decoder {
        Object decode(byte[] bytes) throws Exception;
    }

    /** Turns a value into a record's bytes. */
    @FunctionalInterface
    interface Encoder {
        byte[] encode(Object value) throws Exception;
    }

    /** The decoder a key names (a format or a function), with the default when the task does not set it. */
    static Decoder decoder(final Object named, final String fallback, final UserCode code) {
        final String name = named == null ? fallback : (String) named;
        switch (name) {
            case "json":
                return bytes -> JsonValues.normalize(JsonText.parse(new String(bytes, StandardCharsets.UTF_8)),
                    "a kafka record");
            case "string":
                return bytes -> new String(bytes, StandardCharsets.UTF_8);
            case "bytes":
                return bytes -> bytes;
            default:
                final MethodHandle fn = code.method(name, FunctionKind.DESERIALIZER, 1, List.of());
                return bytes -> UserCalls.call(fn, bytes);
        }
    }

    /** The encoder a key names (a format or a function), with the default when the task does not set it. */
    static Encoder encoder(final Object named, final String fallback, final UserCode code) {
        final String name = named == null ? fallback : (String) named;
        switch (name) {
            case "json":
                return value -> JsonText.writeLine(value).getBytes(StandardCharsets.UTF_8);
            case "string":
                return value -> String.valueOf(value).getBytes(StandardCharsets.UTF_8);
            case "bytes":
                return value -> {
                    if (value instanceof byte[] bytes) {
                        return bytes;
                    }
                    throw new IllegalArgumentException("the \"bytes\" format needs a byte array, not "
                        + JsonValues.describe(value));
                };
            default:
                final MethodHandle fn = code.method(name, FunctionKind.SERIALIZER, 1, List.of());
                return value -> {
                    final Object bytes = UserCalls.call(fn, value);
                    if (bytes instanceof byte[] b) {
                        return b;
                    }
                    throw new IllegalArgumentException(name + " returned " + JsonValues.describe(bytes)
                        + ", not a byte array");
                };
        }
    }
}
