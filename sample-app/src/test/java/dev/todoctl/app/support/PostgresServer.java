package dev.todoctl.app.support;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests: its own cluster (initdb) in a temporary directory on a free port, started
 * and stopped with pg_ctl, so a test can also restart it under a running api. As root it runs the binaries as
 * the {@code postgres} user (PostgreSQL refuses to run as root).
 *
 * <p>Binaries come from {@code PG_BIN} or the newest {@code /usr/lib/postgresql/N/bin}. When they are missing the
 * test is skipped, unless {@code TODOCTL_REQUIRE_PG=true} (set by scripts/test.sh), where it fails.
 */
public final class PostgresServer implements AutoCloseable {
    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;

    private PostgresServer(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    private static PostgresServer shared;

    /**
     * One cluster for every test class that only needs a database of its own (one initdb per test run instead
     * of one per class); stopped when the test JVM exits. Tests that stop or restart the server start their own.
     */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "postgres-test-cluster"));
        }
        return shared;
    }

    public static PostgresServer start() {
        Path bin = findBin();
        boolean required = "true".equals(System.getenv("TODOCTL_REQUIRE_PG"));
        if (bin == null) {
            String msg = "PostgreSQL server binaries not found (set PG_BIN or apt-get install postgresql)";
            if (required) {
                throw new IllegalStateException(msg);
            }
            Assumptions.abort(msg);
        }
        try {
            boolean root = "root".equals(System.getProperty("user.name"));
            Path dir = Files.createTempDirectory("todoctl-pg-");
            PostgresServer pg = new PostgresServer(bin, dir, freePort(), root);
            if (root) {
                // The server runs as the postgres user, which must reach the directory through its parent. Only
                // our own directory changes owner; the parent (often /tmp, shared) is never touched: one that
                // others cannot traverse is a set-up error to report, not something to chmod.
                if (!Files.getPosixFilePermissions(dir.getParent()).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new IllegalStateException(dir.getParent() + " is not traversable by the postgres user; "
                            + "point java.io.tmpdir at a directory that is (e.g. /tmp)");
                }
                run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
            }
            pg.pg("initdb", "-D", dir.resolve("data").toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                    "--locale=C.UTF-8");
            pg.startServer();
            return pg;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void startServer() {
        pg("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(), "-w", "-t", "30",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off "
                        + "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                "start");
    }

    public void stopServer() {
        pg("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop");
    }

    /** A fresh database in this cluster, so test classes never see each other's rows. */
    public String createDatabase(String name) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return jdbcUrl(name);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            stopServer();
        } catch (RuntimeException ignored) {
            // already stopped
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort in a temp dir
        }
    }

    private void pg(String tool, String... args) {
        List<String> cmd = new ArrayList<>();
        if (asPostgresUser) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.add(bin.resolve(tool).toString());
        cmd.addAll(List.of(args));
        run(cmd);
    }

    private static void run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path findBin() {
        String env = System.getenv("PG_BIN");
        if (env != null && Files.isExecutable(Path.of(env, "pg_ctl"))) {
            return Path.of(env);
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("pg_ctl")) && Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(b -> versionOf(b.getParent())))
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static int versionOf(Path p) {
        try {
            return Integer.parseInt(p.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
