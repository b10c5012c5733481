package dev.todoctl.cli.platform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Finds a JDK able to build and run the app (Java >= 21), the way the build scripts do: {@code JAVA_HOME} if it
 * is recent enough, else the newest {@code /usr/lib/jvm/*} whose {@code release} file says so, else the JVM
 * running todoctl (which is >= 21 by construction).
 */
public final class JdkLocator {
    public static final int MINIMUM = 21;

    private final Environment env;
    private final Path jvmDir;

    public JdkLocator(Environment env, Path jvmDir) {
        this.env = env;
        this.jvmDir = jvmDir;
    }

    public JdkLocator(Environment env) {
        this(env, Path.of("/usr/lib/jvm"));
    }

    public record Jdk(Path home, int feature, String why) {
        public Path java() {
            return home.resolve("bin/java");
        }
    }

    public Jdk find() {
        Optional<Jdk> fromEnv = env.get("JAVA_HOME").map(Path::of).flatMap(h -> probe(h, "JAVA_HOME"));
        if (fromEnv.isPresent()) {
            return fromEnv.get();
        }
        if (Files.isDirectory(jvmDir)) {
            try (Stream<Path> dirs = Files.list(jvmDir)) {
                List<Jdk> found = dirs.filter(d -> !Files.isSymbolicLink(d))
                        .flatMap(d -> probe(d, jvmDir.toString()).stream()).toList();
                Optional<Jdk> newest = found.stream().max(Comparator.comparingInt(Jdk::feature));
                if (newest.isPresent()) {
                    return newest.get();
                }
            } catch (IOException e) {
                // fall through to the running JVM
            }
        }
        Path self = Path.of(System.getProperty("java.home"));
        return new Jdk(self, Runtime.version().feature(), "the JVM running todoctl");
    }

    /** The feature version a JDK's {@code release} file declares, if it is >= {@link #MINIMUM}. */
    public static Optional<Jdk> probe(Path home, String why) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(release)) {
            props.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        String version = props.getProperty("JAVA_VERSION", "").replace("\"", "");
        int feature = feature(version);
        return feature >= MINIMUM ? Optional.of(new Jdk(home, feature, why)) : Optional.empty();
    }

    static int feature(String version) {
        String head = version.startsWith("1.") ? version.substring(2) : version;
        int end = 0;
        while (end < head.length() && Character.isDigit(head.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(head.substring(0, end));
    }
}
