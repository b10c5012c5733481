package dev.todoctl.cli.pipeline;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.StageResult;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.build.Artifact;
import dev.todoctl.cli.build.BuildResult;
import dev.todoctl.cli.deploy.DeployResult;
import dev.todoctl.cli.load.LoadResult;
import dev.todoctl.cli.rollout.ComponentStatus;
import dev.todoctl.cli.rollout.RolloutResult;
import dev.todoctl.cli.verify.VerifyResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("pipeline runner")
class PipelineTest {

    /** Hand-written fakes: each stage records its call and fails when told to. */
    static final class FakeStages {
        final List<String> calls = new ArrayList<>();
        final String failAt;
        final boolean unexpected;

        FakeStages(String failAt, boolean unexpected) {
            this.failAt = failAt;
            this.unexpected = unexpected;
        }

        void step(String name, Phase phase) {
            calls.add(name);
            if (name.equals(failAt)) {
                if (unexpected) {
                    throw new IllegalStateException(name + " broke");
                }
                throw new TodoctlException(phase, name + " failed");
            }
        }

        Stages stages() {
            return new Stages(
                    () -> {
                        step("build", Phase.BUILD);
                        return new BuildResult(List.of(new Artifact("app", "app.jar", "sha256:1")), false, Duration.ZERO, List.of());
                    },
                    build -> {
                        step("load", Phase.LOAD);
                        return new LoadResult(true, "nothing to load", Duration.ZERO, List.of());
                    },
                    build -> {
                        step("deploy", Phase.DEPLOY);
                        return new DeployResult("r", 1, true, Duration.ZERO, List.of());
                    },
                    (deploy, deadline) -> {
                        step("rollout", Phase.DEPLOY);
                        return new RolloutResult(List.of(new ComponentStatus("api", 1, 1, "img", "ready")), Duration.ZERO, List.of());
                    },
                    rollout -> {
                        step("verify", Phase.DEPLOY);
                        return new VerifyResult(Map.of("api", "http://x"), List.of("ok"), Duration.ZERO, List.of());
                    });
        }
    }

    @Test
    @DisplayName("runs the stages in order and times each")
    void order() {
        FakeStages fake = new FakeStages("", false);
        List<String> started = new ArrayList<>();
        RunReport report = new Pipeline(fake.stages(), new PipelineListener() {
            @Override
            public void started(String stage) {
                started.add(stage);
            }
        }, Clock.systemUTC()).run(Duration.ofSeconds(1));
        assertThat(fake.calls).containsExactly("build", "load", "deploy", "rollout", "verify");
        assertThat(started).isEqualTo(fake.calls);
        assertThat(report.exitCode()).isZero();
        assertThat(report.results()).extracting(StageResult::stage).containsExactly("build", "load", "deploy", "rollout", "verify");
        assertThat(report.results()).allSatisfy(r -> assertThat(r.duration()).isNotNull());
    }

    @ParameterizedTest(name = "{0} fails ({1}) → exit {2}, later stages not run")
    @CsvSource({
            "build,   false, 10, 0",
            "build,   true,  10, 0",
            "load,    false, 20, 1",
            "load,    true,  20, 1",
            "deploy,  false, 30, 2",
            "deploy,  true,  30, 2",
            "rollout, false, 30, 3",
            "verify,  true,  30, 4"})
    void stopsAtFirstFailure(String stage, boolean unexpected, int exitCode, int completed) {
        FakeStages fake = new FakeStages(stage, unexpected);
        RunReport report = new Pipeline(fake.stages(), PipelineListener.NONE, Clock.systemUTC()).run(Duration.ofSeconds(1));
        assertThat(report.exitCode()).isEqualTo(exitCode);
        assertThat(fake.calls.getLast()).isEqualTo(stage);
        assertThat(report.results()).hasSize(completed);
        assertThat(report.failure()).get().extracting(Throwable::getMessage).asString().contains(stage);
    }
}
