package dev.todoctl.cli.ops.assistant;

import dev.todoctl.cli.targets.TargetContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("confirmation gate: no change without an approval")
class ConfirmationTest {

    @Nested
    @DisplayName("the gate on its own")
    class Gate {
        final List<String> done = new ArrayList<>();
        PlannedChange change;

        @BeforeEach
        void plan() {
            change = PlannedChange.of("Will restart the web container.", () -> {
                done.add("restarted");
                return "Restarted the web.";
            });
        }

        @Test
        @DisplayName("--yes approves and runs the change once")
        void assumeYes() {
            Confirmation.Outcome outcome = Confirmation.forCommand(true, false, null, null).submit(change);
            assertThat(outcome).isInstanceOf(Confirmation.Outcome.Applied.class);
            assertThat(outcome.approved()).isTrue();
            assertThat(outcome.message()).isEqualTo("Restarted the web.");
            assertThat(done).containsExactly("restarted");
        }

        @Test
        @DisplayName("no terminal and no --yes: refused, with the hint to rerun with --yes, nothing run")
        void noTty() {
            Confirmation.Outcome outcome = Confirmation.forCommand(false, false, null, null).submit(change);
            assertThat(outcome).isInstanceOf(Confirmation.Outcome.Refused.class);
            assertThat(outcome.approved()).isFalse();
            assertThat(outcome.message()).contains("Will restart the web container").contains("--yes");
            assertThat(done).isEmpty();
        }

        @ParameterizedTest(name = "answer \"{0}\" approves")
        @ValueSource(strings = {"y", "Y", "yes", " YES "})
        void interactiveYes(String answer) {
            StringWriter prompt = new StringWriter();
            Confirmation gate = Confirmation.forCommand(false, true, new StringReader(answer + "\n"), new PrintWriter(prompt));
            assertThat(gate.submit(change)).isInstanceOf(Confirmation.Outcome.Applied.class);
            assertThat(prompt.toString()).contains("Will restart the web container.").contains("Proceed? [y/N]");
            assertThat(done).containsExactly("restarted");
        }

        @ParameterizedTest(name = "answer \"{0}\" declines")
        @ValueSource(strings = {"n", "no", "", "yes please", "sure", "nope"})
        void interactiveNo(String answer) {
            Confirmation gate = Confirmation.interactive(new StringReader(answer + "\n"), new PrintWriter(new StringWriter()));
            Confirmation.Outcome outcome = gate.submit(change);
            assertThat(outcome).isInstanceOf(Confirmation.Outcome.Declined.class);
            assertThat(outcome.message()).contains("Not done").contains("restart the web container");
            assertThat(done).isEmpty();
        }

        @Test
        @DisplayName("end of input at the prompt declines")
        void endOfInput() {
            Confirmation gate = Confirmation.interactive(new StringReader(""), new PrintWriter(new StringWriter()));
            assertThat(gate.submit(change)).isInstanceOf(Confirmation.Outcome.Declined.class);
            assertThat(done).isEmpty();
        }

        @Test
        @DisplayName("a planned change cannot run without an approval, nor twice")
        void applyNeedsApproval() {
            assertThatThrownBy(() -> change.apply(null)).isInstanceOf(IllegalStateException.class);
            assertThat(done).isEmpty();
            Confirmation.assumeYes().submit(change);
            assertThat(Confirmation.assumeYes().submit(change)).isInstanceOf(Confirmation.Outcome.Failed.class);
            assertThat(done).containsExactly("restarted");
        }

        @Test
        @DisplayName("Approval has only a private constructor: nothing outside the gate can make one")
        void approvalIsPrivate() {
            assertThat(Confirmation.Approval.class.getDeclaredConstructors())
                    .allMatch(c -> java.lang.reflect.Modifier.isPrivate(c.getModifiers()));
        }

        @Test
        @DisplayName("a change that fails after approval is reported as approved-but-failed")
        void failure() {
            PlannedChange failing = PlannedChange.of("Will scale.", () -> {
                throw new IllegalStateException("the API server said no");
            });
            Confirmation.Outcome outcome = Confirmation.assumeYes().submit(failing);
            assertThat(outcome).isInstanceOf(Confirmation.Outcome.Failed.class);
            assertThat(outcome.approved()).isTrue();
            assertThat(outcome.message()).contains("the API server said no");
        }
    }

    @Nested
    @DisplayName("through the agent: a model asking for a change directly")
    class ThroughTheAgent {
        @TempDir
        Path dir;
        TargetContext ctx;
        RecordingTarget target;

        @BeforeEach
        void setUp() {
            ctx = RecordingTarget.context(dir);
            target = RecordingTarget.healthy();
        }

        Assistant.Reply ask(ScriptedModel model, Confirmation gate) {
            return new Assistant(model).ask("hello", new OpsTools(target, ctx, gate, DiagnosisSource.unavailable()));
        }

        @Test
        @DisplayName("without a terminal or --yes: the restart never reaches the target")
        void refused() {
            Assistant.Reply reply = ask(new ScriptedModel().call("restart", "{\"component\":\"web\"}")
                    .call("restart", "{\"component\":\"api\"}"), Confirmation.refuseAll());
            assertThat(target.mutations).isEmpty();
            assertThat(reply.refusedUnconfirmed()).isTrue();
            assertThat(reply.toolCalls()).hasSize(2).allSatisfy(c -> {
                assertThat(c.mutating()).isTrue();
                assertThat(c.approved()).isFalse();
                assertThat(c.result()).contains("--yes");
            });
            assertThat(reply.answer()).contains("Not done");
        }

        @Test
        @DisplayName("declined at the prompt: nothing reaches the target, and it is not a refusal for the exit code")
        void declined() {
            Assistant.Reply reply = ask(new ScriptedModel().call("restart", "{\"component\":\"web\"}"),
                    Confirmation.interactive(new StringReader("n\n"), new PrintWriter(new StringWriter())));
            assertThat(target.mutations).isEmpty();
            assertThat(reply.refusedUnconfirmed()).isFalse();
            assertThat(reply.toolCalls().getFirst().approved()).isFalse();
        }

        @Test
        @DisplayName("confirmed at the prompt: exactly the planned restart happens")
        void confirmed() {
            Assistant.Reply reply = ask(new ScriptedModel().call("restart", "{\"component\":\"frontend\"}"),
                    Confirmation.interactive(new StringReader("y\n"), new PrintWriter(new StringWriter())));
            assertThat(target.mutations).containsExactly("restart web");
            assertThat(reply.toolCalls().getFirst().approved()).isTrue();
            assertThat(reply.answer()).contains("Restarted the web");
        }

        @Test
        @DisplayName("--yes: the restart happens; scale and rollback say they are unsupported here and change nothing")
        void approvedAndUnsupported() {
            Assistant.Reply reply = ask(new ScriptedModel().call("restart", "{\"component\":\"api\"}")
                    .call("scale", "{\"component\":\"api\",\"replicas\":3}").call("rollback", "{}"), Confirmation.assumeYes());
            assertThat(target.mutations).containsExactly("restart api");
            assertThat(reply.toolCalls()).extracting(ToolCall::name).containsExactly("restart", "scale", "rollback");
            assertThat(reply.toolCalls().get(1).result()).contains("Scaling is not supported on the fake target");
            assertThat(reply.toolCalls().get(1).approved()).isNull();
            assertThat(reply.toolCalls().get(2).result()).contains("Rollback is not available on the fake target");
        }

        @Test
        @DisplayName("an unknown component is explained, not restarted")
        void unknownComponent() {
            Assistant.Reply reply = ask(new ScriptedModel().call("restart", "{\"component\":\"kafka\"}"), Confirmation.assumeYes());
            assertThat(target.mutations).isEmpty();
            assertThat(reply.toolCalls().getFirst().result()).contains("no component 'kafka'").contains("api, web");
        }

        @Test
        @DisplayName("a tool the model made up is answered with the real list, nothing runs")
        void hallucinatedTool() {
            Assistant.Reply reply = ask(new ScriptedModel().call("delete_everything", "{}"), Confirmation.assumeYes());
            assertThat(target.mutations).isEmpty();
            assertThat(reply.answer()).contains("There is no tool named delete_everything").contains("restart");
        }

        @Test
        @DisplayName("OpsTools holds no Target: it cannot reach a mutating method except through planned changes")
        void noTargetField() {
            List<Field> fields = Arrays.asList(OpsTools.class.getDeclaredFields());
            assertThat(fields).noneMatch(f -> dev.todoctl.cli.targets.Target.class.isAssignableFrom(f.getType()));
        }
    }
}
