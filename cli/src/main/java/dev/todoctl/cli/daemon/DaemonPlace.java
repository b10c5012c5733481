package dev.todoctl.cli.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where one daemon lives: {@code ${XDG_CACHE_HOME:-~/.cache}/todoctl/daemon/<key>.sock} (plus {@code .log} and
 * {@code .lock}), in a directory only its user can enter. The key names everything that the daemon's JVM fixes at
 * its start and a request cannot bring along: the java it runs on, the build of todoctl (class path entries with
 * their sizes and modification times) and the process environment that the JDK itself reads (time zone, locale,
 * JVM options, proxies). A rebuilt todoctl, another JDK or another time zone therefore gets a daemon of its own; the
 * old one ends when it sees its build gone or changed, or when it has been idle for long enough. Each request brings
 * its own working directory, environment and terminal (see {@link DaemonProtocol.Request}).
 *
 * <p>Loaded by the client JVM: JDK classes only.
 */
public record DaemonPlace(Path dir, String key) {
    /** Variables the JVM reads from its own process environment at start, so they cannot come with a request. */
    static final List<String> PROCESS_VARIABLES = List.of("TZ", "LANG", "LC_ALL", "LC_CTYPE", "JAVA_TOOL_OPTIONS",
            "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY",
            "NO_PROXY");

    /** Unix socket paths are limited to 108 bytes (sun_path) on Linux. */
    static final int MAX_SOCKET_PATH = 107;

    /** The daemon directory of the user whose environment this is. */
    public static Path directory(Map<String, String> env, String home) {
        String cache = env.get("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isEmpty() ? Path.of(cache) : Path.of(home, ".cache");
        return base.resolve("todoctl").resolve("daemon");
    }

    /** The place of the daemon for this JVM's java and class path, and for {@code env}. */
    public static DaemonPlace of(Map<String, String> env, String home, String javaHome, String classPath) {
        return new DaemonPlace(directory(env, home), key(env, javaHome, classPath));
    }

    static String key(Map<String, String> env, String javaHome, String classPath) {
        StringBuilder identity = new StringBuilder("todoctl-daemon/1\n").append(javaHome).append('\n');
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            identity.append(entry).append(' ').append(stamp(Path.of(entry))).append('\n');
        }
        for (String name : PROCESS_VARIABLES) {
            identity.append(name).append('=').append(env.getOrDefault(name, "")).append('\n');
        }
        // FNV-1a, 64 bits: an identity, not a secret; MessageDigest would cost the client ~50 ms of provider set-up
        long hash = 0xcbf29ce484222325L;
        for (byte b : identity.toString().getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return HexFormat.of().toHexDigits(hash);
    }

    /**
     * Size and modification time of a class path entry: of the file for a jar, of the newest file below it for a
     * directory of classes (what a rebuild in place changes).
     */
    static String stamp(Path entry) {
        try {
            if (Files.isDirectory(entry)) {
                try (var files = Files.walk(entry)) {
                    return "dir " + files.filter(Files::isRegularFile).mapToLong(DaemonPlace::modified).max().orElse(0);
                }
            }
            BasicFileAttributes a = Files.readAttributes(entry, BasicFileAttributes.class);
            return a.size() + " " + a.lastModifiedTime().toMillis();
        } catch (IOException | RuntimeException e) {
            return "missing";
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    public Path socket() {
        return dir.resolve(key + ".sock");
    }

    public Path log() {
        return dir.resolve(key + ".log");
    }

    /** The pid of a daemon being started and when, written by the client that started it. */
    public Path starting() {
        return dir.resolve(key + ".starting");
    }

    public Path lock() {
        return dir.resolve(key + ".lock");
    }

    /** Whether a socket path this long can be bound at all. */
    public boolean usable() {
        return socket().toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH;
    }

    /** Creates the directory, readable by its user alone, when it is not there. */
    public void create() throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another client made it at the same moment
            }
        }
    }

    /** The sockets of every daemon in {@code dir} (one per build, JDK and process environment). */
    public static List<Path> sockets(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".sock")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The identity of the socket file (its inode): a daemon ends when its socket was removed or replaced. */
    static Optional<Object> fileKey(Path socket) {
        try {
            return Optional.ofNullable(Files.readAttributes(socket, BasicFileAttributes.class).fileKey());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
