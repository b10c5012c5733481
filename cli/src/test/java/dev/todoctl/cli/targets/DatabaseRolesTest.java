package dev.todoctl.cli.targets;

import dev.todoctl.cli.outcome.TodoctlException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link DatabaseRoles} against a real PostgreSQL 17 (the image the docker and kubernetes targets run, in a container
 * of its own): psql runs in it as the owner over the local socket, exactly as docker exec / the Kubernetes exec API
 * run it; the api's logins are psql over TCP with a password (scram-sha-256), followed by the api's
 * {@code SET ROLE} (DATABASE_ROLE). The schema starts as an installation from before rotation existed has it: made by
 * the owner.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("database rotation's two login roles on a real PostgreSQL")
class DatabaseRolesTest {
    static final String IMAGE = "todoctl/postgres:17";
    final String container = "todoctl-test-dbroles-" + UUID.randomUUID().toString().substring(0, 8);
    final List<List<String>> argvs = new CopyOnWriteArrayList<>();
    DatabaseRoles roles;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(docker("version").code() == 0, "no Docker engine");
        Assumptions.assumeTrue(docker("image", "inspect", IMAGE).code() == 0, IMAGE + " is not built here");
        assertThat(docker("run", "-d", "--name", container, "-e", "POSTGRES_USER=todo", "-e", "POSTGRES_DB=todo",
                "-e", "POSTGRES_PASSWORD=initial-password", IMAGE).code()).isZero();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (docker("exec", container, "pg_isready", "-h", "127.0.0.1", "-U", "todo", "-d", "todo").code() != 0) {
            assertThat(System.nanoTime()).as("PostgreSQL ready within 60 s").isLessThan(deadline);
            Thread.sleep(200);
        }
        roles = new DatabaseRoles(this::exec, "todo", "todo", "container " + container);
    }

    @AfterAll
    void stop() throws Exception {
        docker("rm", "-f", "-v", container);
    }

    @Test
    @DisplayName("an existing schema, three rotations: each new role logs in, the retired password is refused, and "
            + "what a migration makes under either role stays owned by the owner and usable (and alterable) by both")
    void rotations() {
        // an installation from before: the owner migrated (no SET ROLE), data present
        assertThat(login("todo", "initial-password", false,
                "CREATE TABLE tasks (id serial PRIMARY KEY, title text); INSERT INTO tasks (title) VALUES ('before')").code())
                .isZero();

        roles.ping();
        assertThat(roles.canLogIn("todo_b")).as("no standby before the first rotation").isFalse();
        assertThat(roles.next("todo")).isEqualTo("todo_b");
        roles.prepare("todo_b", "first-rotation-password");
        assertThat(roles.canLogIn("todo_b")).isTrue();
        assertThat(login("todo", "initial-password", true, "SELECT 1").code())
                .as("until it is retired, the old role still logs in (pods not yet replaced)").isZero();
        // a migration run by the standby, as the api runs it (SET ROLE owner)
        Psql v2 = login("todo_b", "first-rotation-password", true, "CREATE TABLE tags (task_id int REFERENCES tasks, "
                + "tag text); INSERT INTO tasks (title) VALUES ('as todo_b'); INSERT INTO tags VALUES (1, 'x'); "
                + "SELECT tableowner FROM pg_tables WHERE tablename = 'tags'");
        assertThat(v2.code()).as(v2.err()).isZero();
        assertThat(v2.out().trim()).as("created under todo_b, owned by the owner").isEqualTo("todo");
        roles.retire("todo");
        assertThat(login("todo", "initial-password", false, "SELECT 1").code()).as("the old password is refused").isNotZero();
        assertThat(login("todo", "initial-password", false, "SELECT 1").err()).contains("password authentication failed");

        assertThat(roles.next("todo_b")).isEqualTo("todo");
        roles.prepare("todo", "second-rotation-password");
        Psql v3 = login("todo", "second-rotation-password", true, "ALTER TABLE tags ADD COLUMN weight int; "
                + "INSERT INTO tags VALUES (1, 'y', 2); SELECT count(*) FROM tags");
        assertThat(v3.code()).as(v3.err()).isZero();
        assertThat(v3.out().trim()).isEqualTo("2");
        roles.retire("todo_b");
        assertThat(login("todo_b", "first-rotation-password", true, "SELECT 1").code()).isNotZero();

        roles.prepare("todo_b", "third-rotation-password");
        Psql v4 = login("todo_b", "third-rotation-password", true, "ALTER TABLE tasks ADD COLUMN done boolean; "
                + "UPDATE tasks SET done = true; SELECT count(*) FROM tasks WHERE done");
        assertThat(v4.code()).as("the standby alters a table the owner made before rotation existed: " + v4.err()).isZero();
        assertThat(v4.out().trim()).isEqualTo("2");
        Psql plain = login("todo_b", "third-rotation-password", false, "SELECT count(*) FROM tags");
        assertThat(plain.code()).as("even without SET ROLE (an older api): membership gives the owner's rights").isZero();

        Psql stored = login("todo_b", "third-rotation-password", true,
                "SELECT rolpassword FROM pg_authid WHERE rolname = 'todo_b'");
        assertThat(stored.out().trim()).as("PostgreSQL stores the verifier todoctl computed").startsWith("SCRAM-SHA-256$4096:");
        assertThat(argvs).as("no password on any command line")
                .allSatisfy(argv -> assertThat(String.join(" ", argv)).doesNotContain("rotation-password"));
    }

    @Test
    @DisplayName("a login role that is neither the owner nor its standby is refused (usage), nothing changed")
    void foreignRole() {
        assertThatThrownBy(() -> roles.next("someone_else")).isInstanceOf(TodoctlException.class)
                .satisfies(e -> assertThat(((TodoctlException) e).exitCode()).isEqualTo(2))
                .hasMessageContaining("neither the database owner 'todo' nor its standby 'todo_b'");
    }

    @Test
    @DisplayName("PostgreSQL that does not answer is refused (usage), before anything is changed")
    void unreachable() {
        DatabaseRoles gone = new DatabaseRoles((argv, in, out, err) -> {
            Psql r = run(new ArrayList<>(List.of("docker", "exec", container + "-missing")), argv);
            write(err, r.err());
            return r.code();
        }, "todo", "todo", "container gone");
        assertThatThrownBy(gone::ping).isInstanceOf(TodoctlException.class)
                .satisfies(e -> assertThat(((TodoctlException) e).exitCode()).isEqualTo(2))
                .hasMessageContaining("does not answer").hasMessageContaining("nothing was changed");
    }

    record Psql(int code, String out, String err) {
    }

    /** What the api does: log in over TCP with the password, optionally {@code SET ROLE todo} (DATABASE_ROLE), run sql. */
    Psql login(String user, String password, boolean setRole, String sql) {
        return run(new ArrayList<>(List.of("docker", "exec", "-e", "PGPASSWORD=" + password, container)),
                List.of("psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-U", user, "-d", "todo",
                        "-c", (setRole ? "SET ROLE todo; " : "") + sql));
    }

    int exec(List<String> argv, InputStream stdin, OutputStream stdout, OutputStream stderr) {
        argvs.add(argv);
        Psql r = run(new ArrayList<>(List.of("docker", "exec", container)), argv);
        write(stdout, r.out());
        write(stderr, r.err());
        return r.code();
    }

    static void write(OutputStream to, String s) {
        try {
            to.write(s.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Psql docker(String... args) {
        return run(new ArrayList<>(List.of("docker")), List.of(args));
    }

    static Psql run(List<String> prefix, List<String> argv) {
        prefix.addAll(argv);
        try {
            Process p = new ProcessBuilder(prefix).start();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread drain = Thread.ofVirtual().start(() -> {
                try {
                    p.getErrorStream().transferTo(err);
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            drain.join();
            return new Psql(code, out, err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Psql(127, "", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
