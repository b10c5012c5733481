package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.Phase;
import dev.todoctl.cli.TodoctlException;
import dev.todoctl.cli.build.ArtifactBuilder;
import dev.todoctl.cli.pipeline.Stages;
import dev.todoctl.cli.targets.Applicability;
import dev.todoctl.cli.targets.DownResult;
import dev.todoctl.cli.targets.StatusReport;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.TargetContext;
import dev.todoctl.cli.targets.docker.DockerEngine;
import dev.todoctl.cli.targets.docker.DockerImageBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Any kubeconfig context (minikube, kind, Docker Desktop, a remote cluster). Applicable when the context's API
 * server answers. The Helm release (deploy, rollout, rollback, history) is another engineer's stage set; until it
 * lands here the deploy-side stages fail clearly with "not available yet" (exit 30) before changing anything.
 */
public final class KubernetesTarget implements Target {
    private final TargetContext ctx;

    public KubernetesTarget(TargetContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public Applicability isApplicable() {
        String kubeconfig = ctx.env().get("KUBECONFIG").orElse(ctx.env().home().resolve(".kube/config").toString());
        boolean inCluster = ctx.env().get("KUBERNETES_SERVICE_HOST").isPresent();
        if (!inCluster && java.util.Arrays.stream(kubeconfig.split(":")).noneMatch(p -> Files.isRegularFile(Path.of(p)))) {
            return Applicability.no("no kubeconfig (" + kubeconfig + ")");
        }
        String context = ctx.config().kubernetes().context();
        try (KubernetesClient client = client()) {
            String version = client.getKubernetesVersion().getGitVersion();
            String name = context.isEmpty() ? "current context" : "context " + context;
            return Applicability.yes(name + " reachable at " + client.getMasterUrl() + " (Kubernetes " + version + ")");
        } catch (RuntimeException e) {
            return Applicability.no("kube context " + (context.isEmpty() ? "(current)" : context) + " not reachable: "
                    + firstLine(e));
        }
    }

    KubernetesClient client() {
        String context = ctx.config().kubernetes().context();
        Config config = Config.autoConfigure(context.isEmpty() ? null : context);
        config.setConnectionTimeout(2000);
        config.setRequestTimeout(3000);
        config.setRequestRetryBackoffLimit(0);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @Override
    public Stages stages() {
        DockerEngine engine = new DockerEngine(ctx.config(), ctx.env());
        return new Stages(new DockerImageBuilder(ctx.config(), ctx.env(), ctx.console(), engine,
                new ArtifactBuilder(ctx.config(), ctx.env(), ctx.console())),
                build -> { throw notYet("image load"); },
                build -> { throw notYet("Helm deploy"); },
                (deploy, deadline) -> { throw notYet("rollout wait"); },
                rollout -> { throw notYet("verify"); });
    }

    @Override
    public StatusReport status() {
        throw notYet("status");
    }

    @Override
    public DownResult down(boolean purge) {
        throw notYet("down");
    }

    @Override
    public void logs(String component, boolean follow, PrintWriter out) {
        throw notYet("logs");
    }

    private static TodoctlException notYet(String what) {
        return new TodoctlException(Phase.DEPLOY, "the kubernetes target's " + what + " is not available yet in this build",
                List.of("use --target docker or --target local for now"));
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
