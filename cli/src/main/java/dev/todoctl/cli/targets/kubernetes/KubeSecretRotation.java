package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.platform.SecretFile;
import dev.todoctl.cli.targets.DatabaseAccess;
import dev.todoctl.cli.targets.DatabaseRoles;
import dev.todoctl.cli.targets.SecretRotation;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JWT key rotation on kubernetes, in two rolling phases of the api Deployment so that no pod ever refuses a
 * token another serving pod signed: (1) the Secret gains the new key as {@code JWT_ACCEPTED_SECRETS} and every pod
 * is replaced — all accept it, all still sign with the old; (2) {@code JWT_SECRET} becomes the new key and the old
 * one moves to {@code JWT_ACCEPTED_SECRETS} — every pod signs with the new, and sessions from before keep working
 * until they expire. The chart keeps both keys across upgrades (lookup). The values are never printed.
 */
final class KubeSecretRotation implements SecretRotation {
    private static final String BOTH_KEYS = "the Secret holds both keys, so every pod accepts both";
    private final KubernetesTarget target;

    KubeSecretRotation(KubernetesTarget target) {
        this.target = target;
    }

    @Override
    public Rotated rotateJwt(Duration timeout) {
        KubeAccess kube = target.requireReachable();
        String ns = kube.namespace();
        try (KubernetesClient client = kube.client()) {
            Deployment api = settledApi(client, ns);
            Secret secret = chartSecret(client, ns, api, "JWT_SECRET", "rotate its JWT_SECRET there");
            String old = decode(secret.getData().get("JWT_SECRET"));
            String fresh = SecretFile.random(48);
            List<String> steps = new ArrayList<>();
            Instant deadline = target.context().clock().instant().plus(timeout);

            patch(client, ns, secret.getMetadata().getName(), Map.of("JWT_ACCEPTED_SECRETS", fresh));
            restartAndWait(client, ns, api.getMetadata().getName(), deadline, "phase 1 (every pod accepts the new key)",
                    BOTH_KEYS);
            steps.add("phase 1: Secret " + secret.getMetadata().getName() + " gained the new key as JWT_ACCEPTED_SECRETS; "
                    + "deployment " + api.getMetadata().getName() + " rolled out: every pod accepts it");

            patch(client, ns, secret.getMetadata().getName(), Map.of("JWT_SECRET", fresh, "JWT_ACCEPTED_SECRETS", old));
            restartAndWait(client, ns, api.getMetadata().getName(), deadline, "phase 2 (every pod signs with the new key)",
                    BOTH_KEYS);
            steps.add("phase 2: JWT_SECRET is the new key, the old one is JWT_ACCEPTED_SECRETS; rolled out: every pod "
                    + "signs with the new key and sessions from before keep working until they expire");
            target.verifier().verify(new dev.todoctl.cli.rollout.RolloutResult(
                    target.plainWatcher().snapshot(client).components(), Duration.ZERO, List.of()));
            return new Rotated("jwt", steps, 0);
        }
    }

    /**
     * The database password, with no failed request: the standby login role gets a new password in PostgreSQL (psql
     * through the Kubernetes exec API, as the owner over the pod's local socket), the Secret's DATABASE_USER and
     * DATABASE_PASSWORD name it, one rolling restart of the api moves every pod over (pods not yet replaced keep the
     * old role, still valid), and only then the old role's password is replaced by one nobody knows. The chart keeps
     * both keys across upgrades (lookup). See {@link DatabaseRoles}.
     */
    @Override
    public Rotated rotateDatabase(Duration timeout) {
        KubeAccess kube = target.requireReachable();
        String ns = kube.namespace();
        String release = target.context().config().release();
        try (KubernetesClient client = kube.client()) {
            Deployment api = settledApi(client, ns);
            List<StatefulSet> databases = client.apps().statefulSets().inNamespace(ns)
                    .withLabel(KubeRolloutWatcher.INSTANCE_LABEL, release)
                    .withLabel(KubeRolloutWatcher.COMPONENT_LABEL, "database").list().getItems();
            if (databases.isEmpty()) {
                throw TodoctlException.usage("release " + release + " uses an external database (the chart runs no "
                        + "PostgreSQL in namespace " + ns + "); its password is not todoctl's to rotate; nothing was changed",
                        "rotate it at the database, then update the Secret named by database.external.existingSecret "
                                + "and restart the api (`kubectl rollout restart`)");
            }
            Secret secret = chartSecret(client, ns, api, "DATABASE_PASSWORD",
                    "rotate the password in PostgreSQL and in that Secret yourself");
            boolean ready = client.pods().inNamespace(ns).withLabel(KubeRolloutWatcher.INSTANCE_LABEL, release)
                    .withLabel(KubeRolloutWatcher.COMPONENT_LABEL, "database").list().getItems().stream()
                    .anyMatch(KubeSecretRotation::podReady);
            if (!ready) {
                throw TodoctlException.usage("PostgreSQL of release " + release + " is not ready (statefulset "
                        + databases.getFirst().getMetadata().getName() + "); nothing was changed",
                        "wait until it is (`todoctl status`, `todoctl diagnose`) and rotate then");
            }
            DatabaseAccess.Postgres pg = new KubeDatabase(target).access();
            DatabaseRoles roles = new DatabaseRoles(pg.exec(), pg.user(), pg.database(), pg.where());
            roles.ping();
            String active = Optional.ofNullable(secret.getData().get("DATABASE_USER")).map(KubeSecretRotation::decode)
                    .orElse(roles.owner());
            String next = roles.next(active);
            String name = secret.getMetadata().getName();
            String deployment = api.getMetadata().getName();
            Instant deadline = target.context().clock().instant().plus(timeout);
            List<String> steps = new ArrayList<>();

            String fresh = SecretFile.random(24);
            roles.prepare(next, fresh);
            steps.add("PostgreSQL: role " + next + " logs in with a new password" + (next.equals(roles.owner()) ? ""
                    : " (a member of " + roles.owner() + ", as whom it acts)") + "; " + active + " still works");
            patch(client, ns, name, Map.of("DATABASE_USER", next, "DATABASE_PASSWORD", fresh));
            restartAndWait(client, ns, deployment, deadline, "its restart as role " + next,
                    "both roles still log in (" + active + "'s password is not retired yet)");
            steps.add("Secret " + name + " names role " + next + "; deployment " + deployment + " rolled out: every "
                    + "pod logs in as " + next);
            awaitNoTerminatingApiPods(client, ns, release, deadline);
            roles.retire(active);
            steps.add("role " + active + "'s password replaced by a random one nobody keeps: the old password no longer works");
            target.verifier().verify(new dev.todoctl.cli.rollout.RolloutResult(
                    target.plainWatcher().snapshot(client).components(), Duration.ZERO, List.of()));
            return new Rotated("database", steps, 0);
        }
    }

    /**
     * A rollout counts as done while replaced pods still drain (terminating, up to their grace period); one of them
     * could still open a connection as the old role, so its password is retired only once they are gone.
     */
    private void awaitNoTerminatingApiPods(KubernetesClient client, String ns, String release, Instant deadline) {
        while (client.pods().inNamespace(ns).withLabel(KubeRolloutWatcher.INSTANCE_LABEL, release)
                .withLabel(KubeRolloutWatcher.COMPONENT_LABEL, "api").list().getItems().stream()
                .anyMatch(p -> p.getMetadata().getDeletionTimestamp() != null)) {
            if (target.context().clock().instant().isAfter(deadline)) {
                throw new TodoctlException(Phase.DEPLOY, "replaced api pods are still terminating; the old role's "
                        + "password was not retired, both roles still log in", List.of("`todoctl status` shows them",
                        "rotating again once they are gone completes the rotation"));
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TodoctlException(Phase.DEPLOY, "interrupted while waiting for replaced api pods to stop");
            }
        }
    }

    private static boolean podReady(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())
                && Optional.ofNullable(pod.getStatus().getConditions()).orElse(List.of()).stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The release's api Deployment, refused (nothing changed) when missing or rolling out right now. */
    private Deployment settledApi(KubernetesClient client, String ns) {
        String release = target.context().config().release();
        Deployment api = client.apps().deployments().inNamespace(ns).withLabel(KubeRolloutWatcher.INSTANCE_LABEL, release)
                .withLabel(KubeRolloutWatcher.COMPONENT_LABEL, "api").list().getItems().stream().findFirst()
                .orElseThrow(() -> TodoctlException.usage("release " + release + " has no api Deployment in namespace "
                        + ns + "; nothing was changed", "deploy it: `todoctl up --target kubernetes`"));
        if (!Boolean.TRUE.equals(rolledOut(client, ns, api.getMetadata().getName()))) {
            throw TodoctlException.usage("deployment " + api.getMetadata().getName() + " is rolling out right now; "
                    + "nothing was changed", "wait for it (`todoctl status`) and rotate then");
        }
        return api;
    }

    /** The chart's own Secret the api reads {@code key} from; a Secret of the user's (existingSecret) is refused. */
    private static Secret chartSecret(KubernetesClient client, String ns, Deployment api, String key, String yours) {
        Secret secret = secretOf(client, ns, api, key).orElseThrow(() -> TodoctlException.usage("no Secret with " + key
                + " is referenced by deployment " + api.getMetadata().getName() + "; nothing was changed",
                "with secrets.existingSecret the Secret is yours: " + yours));
        if (!"Helm".equals(Optional.ofNullable(secret.getMetadata().getLabels()).map(l -> l.get("app.kubernetes.io/managed-by"))
                .orElse(""))) {
            throw TodoctlException.usage("Secret " + secret.getMetadata().getName() + " is not the chart's own "
                    + "(secrets.existingSecret); nothing was changed", yours);
        }
        return secret;
    }

    private static Optional<Secret> secretOf(KubernetesClient client, String ns, Deployment api, String key) {
        for (var container : api.getSpec().getTemplate().getSpec().getContainers()) {
            for (EnvFromSource from : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
                if (from.getSecretRef() == null) {
                    continue;
                }
                Secret s = client.secrets().inNamespace(ns).withName(from.getSecretRef().getName()).get();
                if (s != null && s.getData() != null && s.getData().containsKey(key)) {
                    return Optional.of(s);
                }
            }
        }
        return Optional.empty();
    }

    private static void patch(KubernetesClient client, String ns, String name, Map<String, String> values) {
        client.secrets().inNamespace(ns).withName(name).edit(s -> {
            Map<String, String> data = new LinkedHashMap<>(Optional.ofNullable(s.getData()).orElse(Map.of()));
            values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
            s.setData(data);
            return s;
        });
    }

    private void restartAndWait(KubernetesClient client, String ns, String name, Instant deadline, String what,
                                String whereItStands) {
        client.apps().deployments().inNamespace(ns).withName(name).rolling().restart();
        while (!Boolean.TRUE.equals(rolledOut(client, ns, name))) {
            if (target.context().clock().instant().isAfter(deadline)) {
                throw new TodoctlException(Phase.DEPLOY, "deployment " + name + " did not finish " + what + " in time; "
                        + whereItStands, List.of("`todoctl diagnose` says why",
                        "rotating again once it is healthy completes the rotation"));
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TodoctlException(Phase.DEPLOY, "interrupted during " + what);
            }
        }
        target.context().console().info("deployment " + name + ": " + what + " rolled out");
    }

    /** As {@code kubectl rollout status}: the controller saw the latest spec and every replica is updated and ready. */
    private static Boolean rolledOut(KubernetesClient client, String ns, String name) {
        Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
        if (d == null || d.getStatus() == null) {
            return false;
        }
        var st = d.getStatus();
        int want = Optional.ofNullable(d.getSpec().getReplicas()).orElse(1);
        return Optional.ofNullable(st.getObservedGeneration()).orElse(0L) >= d.getMetadata().getGeneration()
                && Optional.ofNullable(st.getUpdatedReplicas()).orElse(0) >= want
                && Optional.ofNullable(st.getReadyReplicas()).orElse(0) >= want
                && Optional.ofNullable(st.getReplicas()).orElse(0) <= want;
    }

    private static String decode(String b64) {
        if (b64 == null) {
            throw new TodoctlException(Phase.DEPLOY, "the Secret has no such key");
        }
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }
}
