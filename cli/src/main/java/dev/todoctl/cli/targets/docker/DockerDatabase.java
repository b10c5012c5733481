package dev.todoctl.cli.targets.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.targets.DatabaseAccess;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The docker target's PostgreSQL container: psql and pg_dump run inside it by docker exec (as the database's own
 * user over the local socket, which the image trusts), files reach it as a tar upload, and the api container is
 * stopped and started again around a restore.
 */
final class DockerDatabase {
    private final DockerTarget target;
    private final DockerStack stack;

    DockerDatabase(DockerTarget target, DockerStack stack) {
        this.target = target;
        this.stack = stack;
    }

    DatabaseAccess.Postgres access() {
        InspectContainerResponse pg = stack.inspect("postgres").filter(DockerStack::running).orElseThrow(() ->
                new TodoctlException(Phase.USAGE, "release " + target.context().config().release() + " has no running "
                        + "database container on the docker target", List.of("start it: `todoctl up --target docker`")));
        String user = env(pg, "POSTGRES_USER").orElse("todo");
        String database = env(pg, "POSTGRES_DB").orElse(user);
        return new DatabaseAccess.Postgres("container " + stack.container("postgres"), database, user, this::exec,
                this::upload, new Api());
    }

    private static Optional<String> env(InspectContainerResponse c, String name) {
        for (String e : c.getConfig().getEnv() == null ? new String[0] : c.getConfig().getEnv()) {
            if (e.startsWith(name + "=")) {
                return Optional.of(e.substring(name.length() + 1));
            }
        }
        return Optional.empty();
    }

    private int exec(List<String> argv, InputStream stdin, OutputStream stdout, OutputStream stderr) {
        String id = stack.docker().execCreateCmd(stack.container("postgres")).withCmd(argv.toArray(String[]::new))
                .withAttachStdout(true).withAttachStderr(true).exec().getId();
        try {
            stack.docker().execStartCmd(id).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    try {
                        (frame.getStreamType() == StreamType.STDERR ? stderr : stdout).write(frame.getPayload());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TodoctlException(Phase.DATABASE, "interrupted while running " + argv.getFirst());
        }
        Long code = stack.docker().inspectExecCmd(id).exec().getExitCodeLong();
        return code == null ? -1 : code.intValue();
    }

    /** A one-file tar to the container's {@code remotePath}, readable by the database's user. */
    private void upload(Path local, String remotePath) {
        Path remote = Path.of(remotePath);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry entry = new TarArchiveEntry(remote.getFileName().toString());
            entry.setSize(Files.size(local));
            entry.setMode(0644);
            out.putArchiveEntry(entry);
            Files.copy(local, out);
            out.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stack.docker().copyArchiveToContainerCmd(stack.container("postgres"))
                .withTarInputStream(new ByteArrayInputStream(tar.toByteArray()))
                .withRemotePath(remote.getParent().toString()).exec();
    }

    /** The api container: stopped for a restore, started again and waited for. */
    private final class Api implements DatabaseAccess.ApiControl {
        @Override
        public boolean running() {
            return stack.inspect("api").filter(DockerStack::running).isPresent();
        }

        @Override
        public DatabaseAccess.Stopped stop() {
            String name = stack.container("api");
            stack.docker().stopContainerCmd(name).withTimeout((int) Math.max(1,
                    target.context().config().stopGrace().toSeconds())).exec();
            return () -> {
                stack.docker().startContainerCmd(name).exec();
                String port = stack.inspect("api").map(i -> DockerStack.label(i, DockerStack.HOST_PORT)).orElse("");
                target.watcher().awaitHttp("api", "http://127.0.0.1:" + port + "/health/ready",
                        Instant.now().plus(target.context().config().readyTimeout()));
            };
        }
    }
}
