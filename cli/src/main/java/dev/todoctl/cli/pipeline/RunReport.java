package dev.todoctl.cli.pipeline;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.StageResult;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.build.BuildResult;
import dev.todoctl.cli.deploy.DeployResult;
import dev.todoctl.cli.rollout.RolloutResult;
import dev.todoctl.cli.verify.VerifyResult;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The results of the stages that ran, in order, and the failure that stopped the run, if any. */
public record RunReport(List<StageResult> results, Optional<TodoctlException> failure) {

    public RunReport {
        results = List.copyOf(results);
    }

    public int exitCode() {
        return failure.map(TodoctlException::exitCode).orElse(Phase.OK.exitCode());
    }

    public Duration total() {
        return results.stream().map(StageResult::duration).reduce(Duration.ZERO, Duration::plus);
    }

    public <T extends StageResult> Optional<T> find(Class<T> type) {
        return results.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    public Optional<BuildResult> build() {
        return find(BuildResult.class);
    }

    public Optional<DeployResult> deploy() {
        return find(DeployResult.class);
    }

    public Optional<RolloutResult> rollout() {
        return find(RolloutResult.class);
    }

    public Optional<VerifyResult> verify() {
        return find(VerifyResult.class);
    }
}
