package dev.todoctl.cli.commands;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.build.ArtifactBuilder;
import dev.todoctl.cli.build.BuildResult;
import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.build.DockerEngine;
import dev.todoctl.cli.build.DockerImageBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

@Command(name = "build", sortOptions = false,
        description = "Run the artifact build (Maven for the sample app; build.command), then build the app image "
                + "through the Docker engine, tagged with the version, the git short sha and latest.",
        footerHeading = "%nExamples:%n",
        footer = {"  todoctl build", "  todoctl build --jar-only            # no image (what the local target uses)",
                "  todoctl build --push --registry localhost:5000"})
public final class BuildCommand extends ConfiguredCommand {

    @picocli.CommandLine.Mixin
    PushOptions pushOptions;

    @Option(names = "--jar-only", description = "Only the artifact build; no Docker engine needed.")
    boolean jarOnly;

    @Override
    protected int run() {
        Map<String, String> flags = new LinkedHashMap<>();
        pushOptions.addTo(flags);
        TodoctlConfig cfg = loadConfig(config.request(flags));
        if (cfg.build().push() && cfg.build().registry().isEmpty()) {
            throw TodoctlException.usage("--push needs a registry", "add --registry HOST[:PORT]");
        }
        ArtifactBuilder jar = new ArtifactBuilder(cfg, env(), console());
        BuildResult result;
        if (jarOnly) {
            result = jar.build();
        } else {
            try (DockerEngine engine = new DockerEngine(cfg, env())) {
                StringBuilder whyNot = new StringBuilder();
                if (engine.version(whyNot).isEmpty()) {
                    throw new TodoctlException(Phase.BUILD, whyNot.toString(),
                            "start the engine (scripts/docker-engine.sh, or `dockerd &`)", "or build only the jar: --jar-only");
                }
                result = new DockerImageBuilder(cfg, env(), console(), engine, jar).build();
            }
        }
        if (format().machine()) {
            renderer().print(result);
        } else {
            console().info(result.summary());
            result.evidence().forEach(console()::detail);
        }
        return 0;
    }
}
