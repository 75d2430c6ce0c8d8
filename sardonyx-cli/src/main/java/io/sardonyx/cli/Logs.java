package io.sardonyx.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Log levels for commands whose own output tells the story (run, demo): warnings only, unless asked. */
final class Logs {
    private Logs() {
    }

    /** Shows only warnings and errors from Sardonyx, unless SARDONYX_LOG_LEVEL is set. */
    static void quiet() {
        if (System.getenv("SARDONYX_LOG_LEVEL") == null
            && LoggerFactory.getLogger("io.sardonyx") instanceof Logger logger) {
            logger.setLevel(Level.WARN);
            // The command reports a killed job's reason itself, once.
            ((Logger) LoggerFactory.getLogger("io.sardonyx.task.TaskFailures")).setLevel(Level.ERROR);
        }
    }
}
