package dev.todoctl.cli.ops;

import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.platform.Concurrently;
import dev.todoctl.cli.platform.Environment;
import dev.todoctl.cli.platform.JdkLocator;
import dev.todoctl.cli.platform.Ports;
import dev.todoctl.cli.targets.Applicability;
import dev.todoctl.cli.targets.TargetContext;
import dev.todoctl.cli.targets.selection.TargetSelector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The machine checks behind {@code todoctl doctor}: Java, build tool, sources, Docker engine and API version,
 * kube context, minikube/kind, free disk and free ports. Each check says which targets need it.
 */
public final class Doctor {
    private static final Set<String> ALL = Set.of("kubernetes", "docker", "local");
    private static final Set<String> IMAGES = Set.of("kubernetes", "docker");
    private static final long MIN_FREE_BYTES = 2L * 1024 * 1024 * 1024;

    private final TargetContext ctx;

    public Doctor(TargetContext ctx) {
        this.ctx = ctx;
    }

    /**
     * The checks side by side on virtual threads, listed in their fixed order: the engine's and the cluster's
     * answers are waits (each asks over a socket), the rest is file look-ups. Timed one by one (loaded machine, no
     * AOT cache): the Docker check 1.1–1.8 s while docker-java built its client, all the others 0.2 s together.
     */
    public List<Check> run() {
        TodoctlConfig config = ctx.config();
        Environment env = ctx.env();
        List<Supplier<List<Check>>> groups = List.of(
                () -> List.of(java(env)),
                () -> List.of(buildTool(config, env), sources(config, env)),
                () -> List.of(docker()),
                () -> List.of(kubernetes()),
                () -> tools(env),
                () -> List.of(disk(config.stateDir())),
                () -> ports(config));
        List<Check> checks = new ArrayList<>();
        Concurrently.map(groups, Supplier::get).values().forEach(checks::addAll);
        return checks;
    }

    private static Check java(Environment env) {
        JdkLocator.Jdk jdk = new JdkLocator(env).find();
        return Check.ok("java", "JDK " + jdk.feature() + " at " + jdk.home() + " (" + jdk.why() + ")", ALL);
    }

    private static Check buildTool(TodoctlConfig config, Environment env) {
        String tool = config.build().command().isEmpty() ? "" : config.build().command().getFirst();
        return onPath(env, tool).map(p -> Check.ok("build tool", tool + " at " + p, ALL))
                .orElseGet(() -> Check.fail("build tool", tool + " not found on PATH",
                        "install it (apt-get install maven) or change build.command", ALL));
    }

    private static Check sources(TodoctlConfig config, Environment env) {
        return config.sourceDir().map(d -> Check.ok("sources", "sample-app at " + d, ALL))
                .orElseGet(() -> Check.fail("sources", "no sample-app/pom.xml above " + env.cwd(),
                        "run inside the checkout or set source-dir", ALL));
    }

    private Check docker() {
        Applicability docker = TargetSelector.standard().byName(ctx, "docker").isApplicable();
        return docker.applicable() ? Check.ok("docker", docker.reason(), IMAGES)
                : Check.fail("docker", docker.reason(), "start the engine: scripts/docker-engine.sh (or `dockerd &`); "
                        + "install with apt-get install docker.io", IMAGES);
    }

    private Check kubernetes() {
        Applicability kube = TargetSelector.standard().byName(ctx, "kubernetes").isApplicable();
        return kube.applicable() ? Check.ok("kubernetes", kube.reason(), Set.of("kubernetes"))
                : Check.fail("kubernetes", kube.reason(), "start a cluster (minikube start / kind create cluster) "
                        + "or select a context with --set kubernetes.context=NAME", Set.of("kubernetes"));
    }

    private static List<Check> tools(Environment env) {
        List<Check> checks = new ArrayList<>();
        for (String cli : List.of("minikube", "kind")) {
            checks.add(onPath(env, cli).map(p -> Check.ok(cli, "present at " + p, Set.of()))
                    .orElseGet(() -> Check.warn(cli, "not installed", "only needed to load images into a " + cli + " cluster")));
        }
        return checks;
    }

    private static List<Check> ports(TodoctlConfig config) {
        List<Check> checks = new ArrayList<>();
        int api = config.local().api() == 0 ? 8080 : config.local().api();
        int web = config.local().web() == 0 ? 8000 : config.local().web();
        for (int port : new int[] {api, web}) {
            checks.add(Ports.isFree(port) ? Check.ok("port " + port, "free on 127.0.0.1", Set.of())
                    : Check.warn("port " + port, "in use on 127.0.0.1",
                            "todoctl then picks another free port; or set local.api-port / local.web-port"));
        }
        return checks;
    }

    private static Check disk(Path stateDir) {
        Path probe = stateDir;
        while (probe != null && !Files.exists(probe)) {
            probe = probe.getParent();
        }
        try {
            long free = Files.getFileStore(probe == null ? Path.of("/") : probe).getUsableSpace();
            String detail = (free / (1024 * 1024)) + " MiB free for " + stateDir;
            return free >= MIN_FREE_BYTES ? Check.ok("disk", detail, ALL)
                    : Check.fail("disk", detail, "free at least 2 GiB (images, database, build output)", ALL);
        } catch (IOException e) {
            return Check.warn("disk", "cannot tell: " + e.getMessage(), "check free space with df -h");
        }
    }

    static Optional<Path> onPath(Environment env, String tool) {
        if (tool.isEmpty()) {
            return Optional.empty();
        }
        if (tool.contains("/")) {
            return Files.isExecutable(Path.of(tool)) ? Optional.of(Path.of(tool)) : Optional.empty();
        }
        for (String dir : env.get("PATH").orElse("/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
