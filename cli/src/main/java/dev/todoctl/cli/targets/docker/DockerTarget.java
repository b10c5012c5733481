package dev.todoctl.cli.targets.docker;

import dev.todoctl.cli.Phase;
import dev.todoctl.cli.TodoctlException;
import dev.todoctl.cli.build.ArtifactBuilder;
import dev.todoctl.cli.pipeline.Stages;
import dev.todoctl.cli.targets.Applicability;
import dev.todoctl.cli.targets.DownResult;
import dev.todoctl.cli.targets.StatusReport;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.TargetContext;

import java.io.PrintWriter;
import java.util.List;

/** api, web and PostgreSQL as containers on a user-defined network (the docker-compose use case). */
public final class DockerTarget implements Target {
    private final TargetContext ctx;
    private final DockerEngine engine;

    public DockerTarget(TargetContext ctx) {
        this.ctx = ctx;
        this.engine = new DockerEngine(ctx.config(), ctx.env());
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public Applicability isApplicable() {
        StringBuilder whyNot = new StringBuilder();
        return engine.version(whyNot)
                .map(v -> Applicability.yes("Docker engine " + v.getVersion() + " (API " + v.getApiVersion() + ") at " + engine.host()))
                .orElseGet(() -> Applicability.no(whyNot.toString()));
    }

    @Override
    public Stages stages() {
        throw notYet();
    }

    @Override
    public StatusReport status() {
        throw notYet();
    }

    @Override
    public DownResult down(boolean purge) {
        throw notYet();
    }

    @Override
    public void logs(String component, boolean follow, PrintWriter out) {
        throw notYet();
    }

    DockerImageBuilder imageBuilder() {
        return new DockerImageBuilder(ctx.config(), ctx.env(), ctx.console(), engine,
                new ArtifactBuilder(ctx.config(), ctx.env(), ctx.console()));
    }

    private static TodoctlException notYet() {
        return new TodoctlException(Phase.DEPLOY, "docker target: work in progress", List.of("use --target local"));
    }
}
