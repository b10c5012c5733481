package dev.todoctl.validation.ci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The example workflow parses and has the structure CI relies on: kind → up → validate --junit → publish. */
@DisplayName(".github/workflows/validate.yml")
class ValidateWorkflowTest {
    static JsonNode workflow;

    @BeforeAll
    static void parse() throws Exception {
        Path file = Path.of("..", ".github", "workflows", "validate.yml");
        assertThat(file).exists();
        workflow = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    }

    static JsonNode steps() {
        return workflow.path("jobs").path("validate").path("steps");
    }

    static int indexOf(String runOrUsesPart) {
        JsonNode steps = steps();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).path("run").asText().contains(runOrUsesPart)
                    || steps.get(i).path("uses").asText().startsWith(runOrUsesPart)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void triggersOnPushPullRequestAndManually() {
        JsonNode on = workflow.path("on");
        assertThat(on.has("push") && on.has("pull_request") && on.has("workflow_dispatch")).as(on.toString()).isTrue();
    }

    @Test
    void oneJobOnUbuntuWithATimeout() {
        JsonNode job = workflow.path("jobs").path("validate");
        assertThat(job.path("runs-on").asText()).isEqualTo("ubuntu-latest");
        assertThat(job.path("timeout-minutes").asInt()).isPositive();
    }

    @Test
    void everyStepIsNamedAndEitherUsesAPinnedActionOrRunsACommand() {
        List<String> problems = new ArrayList<>();
        for (JsonNode step : steps()) {
            if (!step.hasNonNull("name")) {
                problems.add("unnamed step " + step);
            }
            boolean uses = step.hasNonNull("uses");
            boolean run = step.hasNonNull("run");
            if (uses == run) {
                problems.add("step must have exactly one of uses/run: " + step);
            }
            if (uses && !step.get("uses").asText().matches("[\\w.-]+/[\\w./-]+@v\\d+.*")) {
                problems.add("action not pinned to a version: " + step.get("uses").asText());
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void stepsRunInOrderKindUpValidatePublish() {
        int checkout = indexOf("actions/checkout@");
        int java = indexOf("actions/setup-java@");
        int kind = indexOf("helm/kind-action@");
        int install = indexOf("./install.sh");
        int up = indexOf("todoctl up");
        int validate = indexOf("todoctl validate");
        int publish = indexOf("mikepenz/action-junit-report@");
        int upload = indexOf("actions/upload-artifact@");
        assertThat(List.of(checkout, java, kind, install, up, validate, publish, upload)).doesNotContain(-1)
                .isSorted();
        assertThat(steps().get(java).path("with").path("java-version").asText()).isEqualTo("21");
    }

    @Test
    void validateWritesJUnitThatThePublishStepReadsEvenOnFailure() {
        String run = steps().get(indexOf("todoctl validate")).path("run").asText();
        assertThat(run).contains("--junit \"$REPORT_DIR/junit.xml\"");
        JsonNode publish = steps().get(indexOf("mikepenz/action-junit-report@"));
        assertThat(publish.path("if").asText()).isEqualTo("always()");
        assertThat(publish.path("with").path("report_paths").asText()).isEqualTo("validation-report/junit.xml");
        assertThat(workflow.path("jobs").path("validate").path("env").path("REPORT_DIR").asText())
                .endsWith("/validation-report");
        assertThat(steps().get(indexOf("actions/upload-artifact@")).path("if").asText()).isEqualTo("always()");
        assertThat(workflow.path("permissions").path("checks").asText()).isEqualTo("write");
    }
}
