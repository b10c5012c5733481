package dev.todoctl.cli.targets.selection;

import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.config.ConfigLoader;
import dev.todoctl.cli.config.ConfigRequest;
import dev.todoctl.cli.pipeline.Stages;
import dev.todoctl.cli.platform.Environment;
import dev.todoctl.cli.targets.Applicability;
import dev.todoctl.cli.targets.DownResult;
import dev.todoctl.cli.targets.StatusReport;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.TargetContext;
import dev.todoctl.cli.ui.Console;
import dev.todoctl.cli.ui.OutputFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("target selection")
class TargetSelectorTest {
    @TempDir
    Path dir;

    record FakeTarget(String name, Applicability applicability) implements Target {
        @Override
        public Applicability isApplicable() {
            return applicability;
        }

        @Override
        public Stages stages() {
            throw new UnsupportedOperationException();
        }

        @Override
        public StatusReport status() {
            return StatusReport.notDeployed(name, "r");
        }

        @Override
        public DownResult down(boolean purge) {
            return new DownResult(name, "r", List.of(), List.of());
        }

        @Override
        public void logs(String component, boolean follow, PrintWriter out) {
        }
    }

    private TargetContext ctx(String target) {
        Environment env = new Environment(Map.of(), dir, dir, false);
        var config = new ConfigLoader(env, null).load(new ConfigRequest(Optional.empty(), Optional.empty(), Map.of(),
                Map.of("target", target)));
        PrintWriter sink = new PrintWriter(new StringWriter());
        return new TargetContext(config, env, new Console(sink, sink, Console.Verbosity.NORMAL, OutputFormat.table,
                false, false), Clock.systemUTC());
    }

    private final TargetSelector selector = new TargetSelector(List.of(
            new TargetSelector.Candidate("kubernetes", c -> new FakeTarget("kubernetes", Applicability.no("no kubeconfig"))),
            new TargetSelector.Candidate("docker", c -> new FakeTarget("docker", Applicability.no("no Docker socket"))),
            new TargetSelector.Candidate("local", c -> new FakeTarget("local", Applicability.yes("needs only a JDK")))));

    @Test
    @DisplayName("auto takes the first applicable target and says why the others were passed over")
    void auto() {
        TargetSelector.Selection selection = selector.select(ctx("auto"));
        assertThat(selection.target().name()).isEqualTo("local");
        assertThat(selection.why()).contains("needs only a JDK").contains("not kubernetes: no kubeconfig")
                .contains("not docker: no Docker socket");
    }

    @Test
    @DisplayName("an explicit target that is not usable fails before anything changes (exit 30)")
    void forced() {
        assertThatThrownBy(() -> selector.select(ctx("docker")))
                .isInstanceOfSatisfying(TodoctlException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(30);
                    assertThat(e.getMessage()).contains("no Docker socket");
                    assertThat(e.suggestions()).anyMatch(s -> s.contains("todoctl doctor"));
                });
    }

    @Test
    @DisplayName("status/down/logs use the target up remembered")
    void remembered() {
        TargetContext ctx = ctx("auto");
        assertThat(selector.current(ctx).name()).isEqualTo("local");
        TargetSelector.remember(ctx, new FakeTarget("docker", Applicability.yes("")));
        assertThat(selector.current(ctx).name()).isEqualTo("docker");
    }

    @Test
    @DisplayName("a command about one target builds only that one (status --target local loads no Docker or Kubernetes code)")
    void byNameBuildsOnlyTheNamedTarget() {
        TargetSelector lazy = new TargetSelector(List.of(
                new TargetSelector.Candidate("kubernetes", c -> { throw new AssertionError("kubernetes built"); }),
                new TargetSelector.Candidate("docker", c -> { throw new AssertionError("docker built"); }),
                new TargetSelector.Candidate("local", c -> new FakeTarget("local", Applicability.yes("jdk")))));
        assertThat(lazy.byName(ctx("local"), "local").name()).isEqualTo("local");
        assertThat(lazy.current(ctx("local")).name()).isEqualTo("local");
    }
}
