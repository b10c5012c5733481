package dev.todoctl.app.logging;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/** Routes java.util.logging (ours and the libraries') to stdout as JSON lines. */
public final class Logs {
    private Logs() {
    }

    /** Installs the JSON handler on the root logger; {@code LOG_LEVEL} = error|warn|info|debug (default info). */
    public static void install(String levelName) {
        Level level = switch (levelName == null ? "info" : levelName.toLowerCase(Locale.ROOT)) {
            case "error" -> Level.SEVERE;
            case "warn", "warning" -> Level.WARNING;
            case "debug" -> Level.FINE;
            case "trace" -> Level.FINEST;
            default -> Level.INFO;
        };
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        Handler handler = new AsyncLineHandler(stdout, new JsonLogFormatter(), 16_384);
        handler.setLevel(level);
        root.addHandler(handler);
        root.setLevel(level);
        // Helidon's feature banner and Flyway's per-statement chatter are noise at INFO.
        FLYWAY.setLevel(level.intValue() < Level.INFO.intValue() ? level : Level.WARNING);
        // Helidon's debug output dumps raw HTTP headers ("recv headers: ... Authorization: Bearer ...") on the server
        // and on the web's proxy client: credentials in the logs. Our own debug lines never hold them, so LOG_LEVEL
        // debug/trace applies to them and Helidon stays at INFO at most.
        HELIDON.setLevel(level.intValue() < Level.INFO.intValue() ? Level.INFO : level);
    }

    /** Held strongly: java.util.logging keeps loggers weakly, and a collected logger forgets its level. */
    private static final Logger HELIDON = Logger.getLogger("io.helidon");
    private static final Logger FLYWAY = Logger.getLogger("org.flywaydb");

    /** Logs a structured event: the map's entries become top-level JSON fields. */
    public static void event(Logger logger, Level level, String msg, Map<String, ?> fields) {
        if (logger.isLoggable(level)) {
            logger.log(level, msg, new Object[] {fields});
        }
    }
}
