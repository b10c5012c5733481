package dev.todoctl.cli.targets;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a dev deployment's JVM puts {@code todoctl dev}'s overlay of compiled classes before the app's jar: the same
 * java command with {@code -jar JAR} replaced by {@code -cp OVERLAY:JAR MAIN}, and without a class-data sharing
 * archive (it cannot cover a directory whose classes change). In containers the overlay and the web assets live at
 * fixed paths.
 */
public final class OverlayLaunch {
    public static final String CONTAINER_CLASSES = "/app/dev-classes";
    public static final String CONTAINER_WEB = "/app/dev-web";

    private OverlayLaunch() {
    }

    /** The rewritten command, or empty when {@code argv} does not run a jar. */
    public static Optional<List<String>> withOverlay(List<String> argv, String overlay, String mainClass) {
        int jar = argv.indexOf("-jar");
        if (jar < 0 || jar + 1 >= argv.size()) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (i == jar) {
                out.addAll(List.of("-cp", overlay + ":" + argv.get(i + 1), mainClass));
                i++;
            } else if (!arg.startsWith("-XX:SharedArchiveFile") && !arg.equals("-XX:+AutoCreateSharedArchive")) {
                out.add(arg);
            }
        }
        return Optional.of(out);
    }

    /** The jar's {@code Main-Class}: with {@code -cp} the JVM does not read it. */
    public static String mainClass(Path jar) {
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            return Optional.ofNullable(file.getManifest()).map(m -> m.getMainAttributes().getValue("Main-Class"))
                    .orElseThrow(() -> new TodoctlException(Phase.DEPLOY, jar + " has no Main-Class in its manifest",
                            List.of("build the app again: `todoctl build`")));
        } catch (IOException e) {
            throw new TodoctlException(Phase.DEPLOY, "cannot read " + jar + ": " + e.getMessage(),
                    List.of("build the app again: `todoctl build`"));
        }
    }
}
