package dev.todoctl.cli.targets.local;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.platform.HttpProbe;
import dev.todoctl.cli.targets.DatabaseAccess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The local target's embedded H2 database: the H2 tools of the jar the api runs (its own H2 version, so the file
 * format matches), the URL the api opens it with, and the api process, which holds the file's lock and is therefore
 * stopped for a backup as well as for a restore (a few seconds on the local target).
 */
final class LocalDatabase {
    private final LocalTarget target;

    LocalDatabase(LocalTarget target) {
        this.target = target;
    }

    /** As {@code DatabaseConfig.embeddedUrl} in the app opens the database under {@code DATA_DIR} (a test checks). */
    static String url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("todo")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    }

    DatabaseAccess.Embedded access() {
        LocalState state = target.state();
        LocalState.Deployment deployment = state.deployment().orElseThrow(() -> new TodoctlException(Phase.USAGE,
                "release " + target.context().config().release() + " is not deployed on the local target",
                List.of("start it: `todoctl up --target local`")));
        Path lib = Path.of(deployment.jar()).resolveSibling("lib");
        Path h2;
        try (var files = Files.list(lib)) {
            h2 = files.filter(f -> f.getFileName().toString().matches("h2-[0-9].*\\.jar")).findFirst()
                    .orElseThrow(() -> new TodoctlException(Phase.DATABASE, "the app's lib/ has no H2 jar: " + lib));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + lib + ": " + e.getMessage(), e);
        }
        return new DatabaseAccess.Embedded("H2 file " + state.dataDir().resolve("todo.mv.db"), h2,
                Path.of(deployment.javaHome(), "bin", "java"), url(state.dataDir()), state.dataDir(), new Api());
    }

    /** The api process: stopped (it holds the H2 file lock), started again exactly as it was and waited for. */
    private final class Api implements DatabaseAccess.ApiControl {
        @Override
        public boolean running() {
            return target.processes().find("api").isPresent();
        }

        @Override
        public DatabaseAccess.Stopped stop() {
            LocalTarget.Launch launch = target.launch("api");
            LocalState state = target.state();
            target.processes().stop("api", target.context().config().stopGrace());
            return () -> {
                target.processes().start("api", launch.argv(), launch.environment(), state.dir());
                int port = state.deployment().map(LocalState.Deployment::apiPort).orElse(0);
                Instant deadline = Instant.now().plus(target.context().config().readyTimeout());
                HttpProbe http = new HttpProbe();
                while (!http.get("http://127.0.0.1:" + port + "/health/ready").ok()) {
                    if (Instant.now().isAfter(deadline) || target.processes().find("api").isEmpty()) {
                        throw new TodoctlException(Phase.DATABASE, "the api did not get ready again after the database "
                                + "work", List.of("see `todoctl logs api`", "`todoctl up --target local` starts it"));
                    }
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new TodoctlException(Phase.DATABASE, "interrupted while waiting for the api");
                    }
                }
            };
        }
    }
}
