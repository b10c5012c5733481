package dev.todoctl.cli.commands;

import dev.todoctl.cli.build.BuildResult;
import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.load.LoadResult;
import dev.todoctl.cli.pipeline.Stages;
import dev.todoctl.cli.targets.selection.TargetSelector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

@Command(name = "load", sortOptions = false,
        description = "Build the images if needed and put them on the cluster's node: minikube image load, kind load "
                + "docker-image, nothing on Docker Desktop; other clusters need --push to a registry. Then checks that "
                + "the node has each image with the built id (exit 20 otherwise).",
        footerHeading = "%nExamples:%n",
        footer = {"  todoctl load", "  todoctl load --set kubernetes.context=kind-dev",
                "  todoctl load --push --registry registry.example.com/team"})
public final class LoadCommand extends ConfiguredCommand {

    @picocli.CommandLine.Mixin
    PushOptions pushOptions;

    @picocli.CommandLine.Mixin
    KubernetesTargetOption kubernetesTarget;

    @Override
    protected int run() {
        Map<String, String> flags = new LinkedHashMap<>(kubernetesTarget.flags("load"));
        pushOptions.addTo(flags);
        TodoctlConfig cfg = loadConfig(config.request(flags));
        Stages stages = TargetSelector.standard().byName(targetContext(cfg), "kubernetes").stages();
        BuildResult build = stages.builder().build();
        LoadResult result = stages.loader().load(build);
        if (format().machine()) {
            renderer().print(result);
        } else {
            console().info(result.summary());
            result.evidence().forEach(console()::detail);
        }
        return 0;
    }
}
