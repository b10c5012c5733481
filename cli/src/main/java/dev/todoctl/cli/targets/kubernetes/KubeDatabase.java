package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.targets.DatabaseAccess;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The kubernetes target's PostgreSQL pod: psql and pg_dump run in it through the Kubernetes exec API (fabric8; no
 * kubectl), files reach it by fabric8's upload, and the api Deployment is scaled to zero and back around a restore.
 */
final class KubeDatabase {
    /** How long one psql or pg_dump may run. */
    private static final Duration EXEC_TIMEOUT = Duration.ofMinutes(30);

    private final KubernetesTarget target;

    KubeDatabase(KubernetesTarget target) {
        this.target = target;
    }

    DatabaseAccess.Postgres access() {
        KubeAccess kube = target.requireReachable();
        String release = target.context().config().release();
        try (KubernetesClient client = kube.client()) {
            Pod pod = client.pods().inNamespace(kube.namespace()).withLabel(KubeRolloutWatcher.INSTANCE_LABEL, release)
                    .withLabel(KubeRolloutWatcher.COMPONENT_LABEL, "database").list().getItems().stream()
                    .filter(p -> "Running".equals(p.getStatus().getPhase())).findFirst()
                    .orElseThrow(() -> new TodoctlException(Phase.USAGE, "release " + release + " has no running database "
                            + "pod in namespace " + kube.namespace() + " (an external database is backed up with its own tools)",
                            List.of("deploy it: `todoctl up --target kubernetes`")));
            var container = pod.getSpec().getContainers().getFirst();
            String user = env(container.getEnv(), "POSTGRES_USER").orElse("todo");
            String database = env(container.getEnv(), "POSTGRES_DB").orElse(user);
            String name = pod.getMetadata().getName();
            String c = container.getName();
            return new DatabaseAccess.Postgres("pod " + name + " in namespace " + kube.namespace(), database, user,
                    (argv, stdin, stdout, stderr) -> exec(kube, name, c, argv, stdout, stderr),
                    (local, remote) -> upload(kube, name, c, local, remote), new Api(kube));
        }
    }

    private static Optional<String> env(List<EnvVar> env, String name) {
        return env == null ? Optional.empty() : env.stream().filter(e -> name.equals(e.getName()) && e.getValue() != null)
                .map(EnvVar::getValue).findFirst();
    }

    private static int exec(KubeAccess kube, String pod, String container, List<String> argv, OutputStream stdout,
                            OutputStream stderr) {
        try (KubernetesClient client = kube.client();
             ExecWatch watch = client.pods().inNamespace(kube.namespace()).withName(pod).inContainer(container)
                     .writingOutput(stdout).writingError(stderr).exec(argv.toArray(String[]::new))) {
            return watch.exitCode().get(EXEC_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TodoctlException(Phase.DATABASE, "interrupted while running " + argv.getFirst() + " in pod " + pod);
        } catch (ExecutionException | TimeoutException e) {
            throw new TodoctlException(Phase.DATABASE, argv.getFirst() + " in pod " + pod + " did not finish: " + e.getMessage(),
                    List.of("`todoctl logs` and `todoctl diagnose` show what the database does"), e);
        }
    }

    private static void upload(KubeAccess kube, String pod, String container, Path local, String remote) {
        try (KubernetesClient client = kube.client()) {
            boolean done = client.pods().inNamespace(kube.namespace()).withName(pod).inContainer(container)
                    .file(remote).upload(local);
            if (!done) {
                throw new TodoctlException(Phase.DATABASE, "could not copy the dump into pod " + pod + " (" + remote + ")",
                        List.of("is /tmp writable in the database pod?"));
            }
        }
    }

    /** The api Deployment: scaled to zero for a restore, back to its replicas afterwards and waited for. */
    private final class Api implements DatabaseAccess.ApiControl {
        private final KubeAccess kube;

        Api(KubeAccess kube) {
            this.kube = kube;
        }

        private Optional<Deployment> deployment(KubernetesClient client) {
            return client.apps().deployments().inNamespace(kube.namespace())
                    .withLabel(KubeRolloutWatcher.INSTANCE_LABEL, target.context().config().release())
                    .withLabel(KubeRolloutWatcher.COMPONENT_LABEL, "api").list().getItems().stream().findFirst();
        }

        @Override
        public boolean running() {
            try (KubernetesClient client = kube.client()) {
                return deployment(client).map(d -> Optional.ofNullable(d.getSpec().getReplicas()).orElse(1) > 0).orElse(false);
            }
        }

        @Override
        public DatabaseAccess.Stopped stop() {
            String name;
            int replicas;
            try (KubernetesClient client = kube.client()) {
                Deployment d = deployment(client).orElseThrow();
                name = d.getMetadata().getName();
                replicas = Math.max(1, Optional.ofNullable(d.getSpec().getReplicas()).orElse(1));
                client.apps().deployments().inNamespace(kube.namespace()).withName(name).scale(0);
                await(client, () -> client.pods().inNamespace(kube.namespace())
                        .withLabel(KubeRolloutWatcher.INSTANCE_LABEL, target.context().config().release())
                        .withLabel(KubeRolloutWatcher.COMPONENT_LABEL, "api").list().getItems().isEmpty(),
                        "the api pods to stop");
            }
            return () -> {
                try (KubernetesClient client = kube.client()) {
                    client.apps().deployments().inNamespace(kube.namespace()).withName(name).scale(replicas);
                    await(client, () -> Optional.ofNullable(client.apps().deployments().inNamespace(kube.namespace())
                            .withName(name).get().getStatus().getReadyReplicas()).orElse(0) >= replicas,
                            "deployment " + name + " to have " + replicas + " ready replica(s)");
                }
            };
        }

        private void await(KubernetesClient client, java.util.function.BooleanSupplier done, String what) {
            Instant deadline = Instant.now().plus(target.context().config().readyTimeout());
            while (!done.getAsBoolean()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new TodoctlException(Phase.DATABASE, "timed out waiting for " + what,
                            List.of("`todoctl status` and `todoctl diagnose` show where it stands"));
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TodoctlException(Phase.DATABASE, "interrupted while waiting for " + what);
                }
            }
        }
    }
}
