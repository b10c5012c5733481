package dev.todoctl.cli.pipeline;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.StageResult;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.build.BuildResult;
import dev.todoctl.cli.deploy.DeployResult;
import dev.todoctl.cli.load.LoadResult;
import dev.todoctl.cli.rollout.RolloutResult;
import dev.todoctl.cli.verify.VerifyResult;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Sequences build → load → deploy → rollout → verify (Skaffold's runner): times each stage, stops at the first
 * failure and attributes it to that stage's phase, so the exit code follows from where it failed.
 */
public final class Pipeline {
    private final Stages stages;
    private final PipelineListener listener;
    private final Clock clock;

    public Pipeline(Stages stages, PipelineListener listener, Clock clock) {
        this.stages = stages;
        this.listener = listener;
        this.clock = clock;
    }

    public RunReport run(Duration readyTimeout) {
        List<StageResult> done = new ArrayList<>();
        try {
            BuildResult build = stage("build", Phase.BUILD, done, stages.builder()::build, BuildResult::withDuration);
            stage("load", Phase.LOAD, done, () -> stages.loader().load(build), LoadResult::withDuration);
            DeployResult deploy = stage("deploy", Phase.DEPLOY, done, () -> stages.deployer().deploy(build),
                    DeployResult::withDuration);
            Instant deadline = clock.instant().plus(readyTimeout);
            RolloutResult rollout = stage("rollout", Phase.DEPLOY, done,
                    () -> stages.watcher().await(deploy, deadline), RolloutResult::withDuration);
            stage("verify", Phase.DEPLOY, done, () -> stages.verifier().verify(rollout), VerifyResult::withDuration);
            return new RunReport(done, Optional.empty());
        } catch (TodoctlException e) {
            return new RunReport(done, Optional.of(e));
        }
    }

    private <T extends StageResult> T stage(String name, Phase phase, List<StageResult> done, Supplier<T> work,
                                            java.util.function.BiFunction<T, Duration, T> withDuration) {
        listener.started(name);
        Instant start = clock.instant();
        T result;
        try {
            result = work.get();
        } catch (TodoctlException e) {
            listener.failed(name, e);
            throw e;
        } catch (RuntimeException e) {
            TodoctlException wrapped = new TodoctlException(phase, phase.exitCode(), name + " failed: " + e.getMessage(),
                    List.of("re-run with --verbose for details"), e);
            listener.failed(name, wrapped);
            throw wrapped;
        }
        T timed = withDuration.apply(result, Duration.between(start, clock.instant()));
        done.add(timed);
        listener.finished(timed);
        return timed;
    }
}
