package dev.todoctl.cli.targets.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todoctl.cli.EndToEndScenario;
import org.junit.jupiter.api.DisplayName;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** api and web as child JVMs with H2 under the state directory. */
@DisplayName("local target end to end")
class LocalTargetEndToEndTest extends EndToEndScenario {

    @Override
    protected String target() {
        return "local";
    }

    @Override
    protected Path secretFile() {
        return work.resolve("state/jwt-secret");
    }

    @Override
    protected void assertStopped(JsonNode lastUp) {
        for (JsonNode component : lastUp.get("components")) {
            long pid = Long.parseLong(component.get("detail").asText().replaceAll("^pid (\\d+).*", "$1"));
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("pid " + pid).isEmpty();
        }
        assertThat(work.resolve("state/data")).isDirectory();
    }

    /** Points revision {@code n} at a jar that is not kept (as if its directory had been cleaned up). */
    @Override
    protected void loseImagesOf(int revision) throws Exception {
        Path file = work.resolve("state/revisions.json");
        JsonNode entries = JSON.readTree(file.toFile());
        for (JsonNode entry : entries) {
            if (entry.get("revision").asInt() == revision) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) entry.get("spec")).put("jar",
                        work.resolve("state/revisions/cleaned-up/todo-chatbot.jar").toString());
            }
        }
        JSON.writeValue(file.toFile(), entries);
    }

    @Override
    protected void assertPurged() {
        assertThat(work.resolve("state")).doesNotExist();
    }

    /** The local api runs on its embedded H2 file: no password to rotate, refused with the usage code. */
    @Override
    protected void rotateDatabase(dev.todoctl.cli.TodoApi api, String session) throws Exception {
        dev.todoctl.cli.CliRun database = dev.todoctl.cli.CliRun.in(work, env, "secrets", "rotate", "database",
                "--target", target());
        assertThat(database.exitCode()).as(database.toString()).isEqualTo(2);
        assertThat(database.err()).contains("embedded H2").contains("nothing was changed");
    }
}
