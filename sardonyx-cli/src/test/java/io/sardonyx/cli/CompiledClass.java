package io.sardonyx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles a small function class at test time, so class-path resolution is tested on a class the build lacks. */
final class CompiledClass {
    private CompiledClass() {
    }

    /** Writes {@code com.acme.Extra} (with {@code public static Map inc(Map)}) to the given class file. */
    static void write(final Path classFile) throws Exception {
        final Path src = Files.createTempDirectory("extra-src");
        final Path java = Files.createDirectories(src.resolve("com/acme")).resolve("Extra.java");
        Files.writeString(java, """
            package com.acme;
            public final class Extra {
                public static java.util.Map<String, Object> inc(java.util.Map<String, Object> segment) {
                    return segment;
                }
            }
            """);
        final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        final int status = compiler.run(null, null, null, "-d", src.toString(), java.toString());
        assertThat(status).as("javac exit status").isZero();
        Files.copy(src.resolve("com/acme/Extra.class"), classFile);
    }
}
