package dev.todoctl.cli.ops.assistant;

import dev.todoctl.cli.targets.SampledUsage;

import dev.todoctl.cli.sampling.Observation;
import dev.todoctl.cli.sampling.ResourceSampler;
import dev.todoctl.cli.targets.TargetContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("ops tools and the offline model on a fake target")
class OpsToolsTest {
    @TempDir
    Path dir;

    Assistant.Reply ask(RecordingTarget target, String question, DiagnosisSource diagnosis) {
        TargetContext ctx = RecordingTarget.context(dir);
        return new Assistant(new OfflineOpsModel()).ask(question,
                new OpsTools(target, ctx, Confirmation.refuseAll(), diagnosis));
    }

    @Test
    @DisplayName("\"is everything healthy?\" says healthy for a healthy release and not for a crashing one")
    void health() {
        Assistant.Reply good = ask(RecordingTarget.healthy(), "is everything healthy?", DiagnosisSource.unavailable());
        assertThat(good.answer()).startsWith("Healthy:").contains("all 2 components are ready");
        Assistant.Reply bad = ask(RecordingTarget.webCrashing(), "is everything healthy?", DiagnosisSource.unavailable());
        assertThat(bad.answer()).startsWith("NOT healthy:").contains("1 of 2 components not ready (web)")
                .contains("exited (1), restarting");
        assertThat(bad.toolCalls()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("status");
            assertThat(c.mutating()).isFalse();
            assertThat(c.approved()).isNull();
        });
    }

    @Test
    @DisplayName("\"why is the web not starting?\" runs diagnose, describe, events and logs of web")
    void troubleshoot() {
        RecordingTarget target = RecordingTarget.webCrashing();
        Assistant.Reply reply = ask(target, "why is the web not starting?", t -> "FINDING: web cannot reach api on " + t.name());
        assertThat(reply.toolCalls()).extracting(ToolCall::name)
                .containsExactly("diagnose", "describe_component", "events", "logs");
        // every look is at the component asked about, and the logs are the last 30 lines of it
        assertThat(reply.toolCalls().subList(1, 4)).allSatisfy(c -> assertThat(c.args()).containsEntry("component", "web"));
        assertThat(reply.toolCalls().get(3).args()).containsEntry("lines", 30);
        // the answer is made of what the tools returned, in the order they ran; the diagnosis is of this target
        assertThat(reply.answer()).containsSubsequence(reply.toolCalls().stream().map(c -> c.result().strip()).toList());
        assertThat(reply.toolCalls().getFirst().result()).contains("FINDING: web cannot reach api on fake");
        String logs = reply.toolCalls().get(3).result();
        assertThat(logs).contains("Last 30 log lines of web").contains("FATAL: cannot reach api")
                .contains("line 80").contains("line 52\n").doesNotContain("line 51\n");
        assertThat(reply.toolCalls().get(1).result()).contains("web").contains("NOT healthy")
                .contains("exited (1), restarting");
        assertThat(target.mutations).isEmpty();
    }

    @Test
    @DisplayName("diagnosis without a wired source says it is unavailable")
    void diagnosisUnavailable() {
        assertThat(ask(RecordingTarget.healthy(), "diagnose", DiagnosisSource.unavailable()).answer())
                .contains("Diagnosis is not available");
    }

    @Test
    @DisplayName("logs: the last N lines only, and an unknown component is named")
    void logs() {
        Assistant.Reply reply = ask(RecordingTarget.healthy(), "show the last 5 lines of the api logs", DiagnosisSource.unavailable());
        assertThat(reply.answer()).contains("Last 5 log lines of api").contains("line 80").contains("line 76")
                .doesNotContain("line 75\n");
        assertThat(ask(RecordingTarget.healthy(), "show the database logs", DiagnosisSource.unavailable()).answer())
                .contains("There is no component 'database' on the fake target; the components are api, web.");
    }

    @Test
    @DisplayName("history, events and resource usage say what is not available on this target")
    void unavailableHere() {
        assertThat(ask(RecordingTarget.healthy(), "show history", DiagnosisSource.unavailable()).answer())
                .contains("Release history is not available on the fake target");
        assertThat(ask(RecordingTarget.healthy(), "what uses the most memory?", DiagnosisSource.unavailable()).answer())
                .contains("Resource usage is not available on the fake target");
    }

    @Test
    @DisplayName("a refused change through the offline model: exit-2 marker set, target untouched")
    void refusedRestart() {
        RecordingTarget target = RecordingTarget.healthy();
        Assistant.Reply reply = ask(target, "restart the web", DiagnosisSource.unavailable());
        assertThat(reply.refusedUnconfirmed()).isTrue();
        assertThat(reply.answer()).contains("Not done: Will restart the web component on the fake target")
                .contains("rerun with --yes");
        assertThat(target.mutations).isEmpty();
    }

    @Test
    @DisplayName("set a chart value: needs a Helm release; a secret-looking key is refused everywhere; nothing changed")
    void setValue() {
        RecordingTarget target = RecordingTarget.healthy();
        Assistant.Reply reply = ask(target, "set api.env.LOG_LEVEL to DEBUG", DiagnosisSource.unavailable());
        assertThat(reply.answer()).contains("needs the kubernetes target");
        Assistant.Reply secret = ask(target, "set api.env.OPENAI_API_KEY to sk-123", DiagnosisSource.unavailable());
        assertThat(secret.answer()).contains("secrets never go into chart values").contains("--env-file");
        assertThat(reply.refusedUnconfirmed()).isFalse();
        assertThat(target.mutations).isEmpty();
    }

    @Test
    @DisplayName("an unknown question gets the list of what the assistant can do, no tool runs")
    void unknown() {
        Assistant.Reply reply = ask(RecordingTarget.healthy(), "make me a sandwich", DiagnosisSource.unavailable());
        assertThat(reply.answer()).contains("didn't understand \"make me a sandwich\"").contains("roll back to revision 2");
        assertThat(reply.toolCalls()).isEmpty();
    }

    @Test
    @DisplayName("resource usage: sorted by memory, the biggest named; no figures → says it could not measure")
    void usageFormatting() {
        ResourceSampler measured = sampler(new Observation.ResourceUsage(1, List.of(
                new Observation.ComponentUsage("web", 1, 1, 120, 118.5),
                new Observation.ComponentUsage("api", 3, 5, 320, 310.2),
                new Observation.ComponentUsage("postgres", 0.5, 1, 40, 39))));
        assertThat(TargetInspector.usageText(new SampledUsage("docker stats", () -> measured, 0).read()))
                .contains("highest first:\n- api: 310.2 MB memory, 3.0% CPU\n- web: 118.5 MB")
                .endsWith("The most memory: api.");
        ResourceSampler empty = sampler(new Observation.ResourceUsage(1, List.of(
                new Observation.ComponentUsage("api", 0, 0, 0, 0))));
        assertThat(TargetInspector.usageText(new SampledUsage("docker stats", () -> empty, 0).read())).contains("could not be measured");
    }

    private static ResourceSampler sampler(Observation observation) {
        return new ResourceSampler() {
            @Override
            public void sample(double atSeconds) {
            }

            @Override
            public Observation observation() {
                return observation;
            }
        };
    }
}
