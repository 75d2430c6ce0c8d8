package io.sardonyx.cli;

import io.sardonyx.job.PackagePolicy;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where job functions come from and which packages they may come from: shared by every command that loads them. */
final class FunctionOptions {
    @Option(names = {"--classpath", "-cp"}, paramLabel = "JARS",
        description = "Jars or class directories holding the job's functions, separated by '"
            + "${sys:path.separator}' ('dir/*' for every jar in dir). May be repeated.")
    List<String> classpath = new ArrayList<>();

    @Option(names = "--allow-package", paramLabel = "PKG", split = ",",
        description = "Allow job functions only from these packages and their sub-packages (comma-separated; may "
            + "be repeated). Default: classes from --classpath and Sardonyx's own, not the engine's libraries; the "
            + "JDK's packages are always refused.")
    List<String> allowedPackages = new ArrayList<>();

    /**
     * The class loader over the command's own class path and {@code --classpath}.
     *
     * @throws IllegalArgumentException naming the first entry that does not exist
     */
    ClassLoader loader() {
        return FunctionClassPath.loader(classpath, SardonyxCommand.class.getClassLoader());
    }

    /**
     * The package policy of {@code --allow-package}.
     *
     * @throws IllegalArgumentException naming a malformed package
     */
    PackagePolicy policy() {
        return allowedPackages.isEmpty() ? PackagePolicy.CLASS_PATH_ONLY : new PackagePolicy(allowedPackages);
    }
}
