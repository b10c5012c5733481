package dev.todoctl.cli.devloop;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("todoctl dev on the local target")
class LocalDevLoopTest extends DevLoopScenario {

    @Override
    protected String target() {
        return "local";
    }

    @Override
    protected String identity(JsonNode status, String component) {
        return String.valueOf(pid(status, component));
    }

    @Override
    protected void assertNothingRuns(JsonNode lastStatus) {
        for (String component : new String[] {"api", "web"}) {
            long pid = pid(lastStatus, component);
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as(component + " pid " + pid).isEmpty();
        }
    }

    private static long pid(JsonNode status, String component) {
        for (JsonNode c : status.get("components")) {
            if (c.get("name").asText().equals(component)) {
                return Long.parseLong(c.get("detail").asText().replaceAll("^pid (\\d+).*", "$1"));
            }
        }
        throw new AssertionError("no " + component + " in " + status);
    }
}
