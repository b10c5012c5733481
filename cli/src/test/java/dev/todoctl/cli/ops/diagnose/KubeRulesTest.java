package dev.todoctl.cli.ops.diagnose;

import dev.todoctl.cli.snapshot.KubeSnapshot;
import dev.todoctl.cli.snapshot.Readiness;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Each kubernetes rule on a recorded bad state, and silent on the recorded healthy one. */
@DisplayName("kubernetes diagnosis rules")
class KubeRulesTest {

    static List<Finding> only(KubeSnapshot s, String rule) {
        List<Finding> all = Diagnoser.run(s);
        assertThat(all).as("findings: %s", all).extracting(Finding::rule).containsOnly(rule);
        return all;
    }

    @Test
    @DisplayName("a healthy release: no rule fires (a healed start-up probe failure and one restart included)")
    void healthy() {
        KubeSnapshot s = KubeStates.healthy();
        for (Rule<KubeSnapshot> rule : KubeRules.ALL) {
            assertThat(rule.check(s)).as(rule.id()).isEmpty();
        }
        assertThat(Diagnoser.run(s)).isEmpty();
    }

    @Test
    @DisplayName("CrashLoopBackOff: critical, with restarts, last exit code, last log lines and a rollback to the last good revision")
    void crashLoop() {
        KubeSnapshot s = KubeStates.with("crash-loop.yaml", Map.of("todo-chatbot-api-6f4c7d9b8-r8t2n/api",
                List.of("Starting todo-chatbot api", "FATAL: password authentication failed for user \"todo\"")));
        Finding f = only(s, "kube/crash-loop").getFirst();
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.component()).isEqualTo("api");
        assertThat(f.summary()).contains("todo-chatbot-api-6f4c7d9b8-r8t2n", "5 restarts", "last exit code 1");
        assertThat(f.evidence()).contains("last exit: exit code 1 (Error) at 2026-11-22T00:09:30Z",
                "  | FATAL: password authentication failed for user \"todo\"");
        assertThat(f.fixes()).contains("kubectl --context minikube -n todo logs todo-chatbot-api-6f4c7d9b8-r8t2n -c api --previous --tail=50")
                .anyMatch(fix -> fix.startsWith("todoctl rollback 1 --target kubernetes"));
    }

    @Test
    @DisplayName("ImagePullBackOff: critical, with the kubelet's message and minikube's image load")
    void imagePull() {
        Finding f = only(KubeStates.with("image-pull.yaml"), "kube/image-pull").getFirst();
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.component()).isEqualTo("web");
        assertThat(f.evidence()).anyMatch(e -> e.contains("ImagePullBackOff"))
                .anyMatch(e -> e.startsWith("event Failed: Failed to pull image \"todo-chatbot-web:1.1.0\""));
        assertThat(f.fixes()).containsExactly("todoctl load --target kubernetes",
                "minikube -p minikube image load todo-chatbot-web:1.1.0");
    }

    @Test
    @DisplayName("the image fix follows the cluster: kind loads with kind, a remote cluster needs a registry")
    void imagePullPerCluster() {
        var items = new ArrayList<>(KubeStates.load("healthy.yaml"));
        items.removeIf(i -> i instanceof io.fabric8.kubernetes.api.model.Pod p && KubeSnapshot.component(p).equals("web"));
        items.addAll(KubeStates.load("image-pull.yaml"));
        Finding kind = Diagnoser.run(KubeStates.build(items, "kind-dev", KubeStates.goodHistory(), Map.of(), Optional.empty())).getFirst();
        assertThat(kind.fixes()).contains("kind load docker-image todo-chatbot-web:1.1.0 --name dev");
        Finding remote = Diagnoser.run(KubeStates.build(items, "prod-eu", KubeStates.goodHistory(), Map.of(), Optional.empty())).getFirst();
        assertThat(remote.fixes().getFirst()).startsWith("todoctl load --push --registry");
    }

    @Test
    @DisplayName("OOMKilled: critical, with the limit and a doubled one to deploy (and not also 'restarts climbing')")
    void oomKilled() {
        Finding f = only(KubeStates.with("oom-killed.yaml"), "kube/oom-killed").getFirst();
        assertThat(f.evidence()).contains("last state: exit code 137 (OOMKilled) at 2026-11-22T00:08:12Z", "memory limit: 512Mi");
        assertThat(f.fixes()).containsExactly("todoctl deploy --helm-set api.resources.limits.memory=1Gi --target kubernetes");
    }

    @Test
    @DisplayName("a failing readiness probe: warning with the kubelet's event; a liveness failure is critical")
    void probeFailing() {
        Finding f = only(KubeStates.with("probe-failing.yaml"), "kube/probe-failing").getFirst();
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.summary()).startsWith("readiness probe of pod todo-chatbot-web-5b7f9c4d8-qm7zt is failing");
        assertThat(f.evidence().getFirst()).startsWith("event Unhealthy (x31): Readiness probe failed");
        assertThat(f.fixes()).contains("kubectl --context minikube -n todo describe pod todo-chatbot-web-5b7f9c4d8-qm7zt");

        var items = new ArrayList<>(KubeStates.load("healthy.yaml"));
        items.removeIf(i -> i instanceof io.fabric8.kubernetes.api.model.Pod p && KubeSnapshot.component(p).equals("web"));
        items.addAll(KubeStates.load("probe-failing.yaml"));
        items.add(new io.fabric8.kubernetes.api.model.EventBuilder().withNewMetadata().withName("live").endMetadata()
                .withReason("Unhealthy").withNewInvolvedObject().withKind("Pod").withName("todo-chatbot-web-5b7f9c4d8-qm7zt")
                .endInvolvedObject().withMessage("Liveness probe failed: HTTP probe failed with statuscode: 500")
                .withLastTimestamp("2026-11-22T00:09:58Z").build());
        Finding live = Diagnoser.run(KubeStates.build(items, "minikube", KubeStates.goodHistory(), Map.of(), Optional.empty())).getFirst();
        assertThat(live.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(live.summary()).startsWith("liveness probe");
    }

    @Test
    @DisplayName("Pending for lack of memory: the scheduler's message, smaller requests or a bigger minikube")
    void pendingResources() {
        Finding f = only(KubeStates.with("pending-resources.yaml"), "kube/pending").getFirst();
        assertThat(f.summary()).contains("no node has enough free memory");
        assertThat(f.evidence()).anyMatch(e -> e.startsWith("event FailedScheduling: 0/1 nodes are available: 1 Insufficient memory."));
        assertThat(f.fixes()).contains("todoctl deploy --helm-set api.resources.requests.memory=128Mi --target kubernetes   # smaller requests")
                .anyMatch(fix -> fix.contains("minikube -p minikube start --cpus=4 --memory=8g"));
    }

    @Test
    @DisplayName("Pending on an unbound PVC: the claim, its provisioning error and the storageClass to set")
    void pendingClaim() {
        Finding f = only(KubeStates.with("pending-pvc.yaml"), "kube/pending").getFirst();
        assertThat(f.component()).isEqualTo("database");
        assertThat(f.summary()).contains("PersistentVolumeClaim is not bound");
        assertThat(f.evidence()).contains("claim data-todo-chatbot-postgresql-0: Pending, storageClass fast",
                "event ProvisioningFailed: storageclass.storage.k8s.io \"fast\" not found");
        assertThat(f.fixes()).contains("kubectl --context minikube -n todo describe pvc data-todo-chatbot-postgresql-0",
                "todoctl deploy --helm-set database.internal.persistence.storageClass=<class> --target kubernetes");
    }

    @Test
    @DisplayName("a Service with only not-ready endpoints (or none): critical, with the pods behind its selector")
    void serviceWithoutEndpoints() {
        Endpoints notReady = new EndpointsBuilder().withNewMetadata().withName("todo-chatbot-api").endMetadata()
                .addNewSubset().addNewNotReadyAddress().withIp("10.244.0.12").endNotReadyAddress().endSubset().build();
        KubeSnapshot s = KubeStates.copy(KubeStates.healthy(), b -> {
            b.endpoints.put("todo-chatbot-api", notReady);
            b.endpoints.remove("todo-chatbot-web");
            return b;
        });
        List<Finding> findings = Diagnoser.run(s);
        assertThat(findings).extracting(Finding::rule).containsOnly("kube/service-no-endpoints");
        assertThat(findings).extracting(Finding::component).containsExactlyInAnyOrder("api", "web");
        Finding api = findings.stream().filter(f -> f.component().equals("api")).findFirst().orElseThrow();
        assertThat(api.evidence()).containsExactly("Endpoints todo-chatbot-api: 0 ready addresses, 1 not ready",
                "pods matching the selector: 1 (1 ready)");
        assertThat(api.fixes().getFirst()).isEqualTo("kubectl --context minikube -n todo get pods -l "
                + "app.kubernetes.io/component=api,app.kubernetes.io/instance=todo-chatbot,app.kubernetes.io/name=todo-chatbot -o wide");
    }

    @Test
    @DisplayName("an HPA without metrics: warning, ScalingActive=False, and metrics-server to enable")
    void hpaWithoutMetrics() {
        Finding f = only(KubeStates.with("hpa-no-metrics.yaml"), "kube/hpa-no-metrics").getFirst();
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.evidence()).anyMatch(e -> e.startsWith("condition ScalingActive=False: FailedGetResourceMetric: the HPA was unable"))
                .anyMatch(e -> e.startsWith("event FailedGetResourceMetric:"));
        assertThat(f.fixes()).startsWith("minikube -p minikube addons enable metrics-server");
    }

    @Test
    @DisplayName("a Helm release pending-upgrade for 10 minutes is stuck (critical); for 30 s it is only in progress (info)")
    void helmStuck() {
        var stuck = new ArrayList<>(KubeStates.goodHistory());
        stuck.add(new KubeSnapshot.HelmRevision("sh.helm.release.v1.todo-chatbot.v3", 3, "pending-upgrade",
                "Preparing upgrade", Optional.of(KubeStates.NOW.minusSeconds(600))));
        Finding f = only(KubeStates.copy(KubeStates.healthy(), b -> {
            b.helm = stuck;
            return b;
        }), "kube/helm-stuck").getFirst();
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.evidence()).contains("Secret sh.helm.release.v1.todo-chatbot.v3: status pending-upgrade: Preparing upgrade");
        assertThat(f.fixes()).containsExactly("kubectl --context minikube -n todo delete secret sh.helm.release.v1.todo-chatbot.v3"
                + "   # drop the unfinished revision 3", "todoctl deploy --target kubernetes");

        var running = new ArrayList<>(KubeStates.goodHistory());
        running.add(new KubeSnapshot.HelmRevision("sh.helm.release.v1.todo-chatbot.v3", 3, "pending-upgrade", "",
                Optional.of(KubeStates.NOW.minusSeconds(30))));
        Finding info = Diagnoser.run(KubeStates.copy(KubeStates.healthy(), b -> {
            b.helm = running;
            return b;
        })).getFirst();
        assertThat(info.severity()).isEqualTo(Severity.INFO);

        Finding install = Diagnoser.run(KubeStates.copy(KubeStates.healthy(), b -> {
            b.helm = List.of(new KubeSnapshot.HelmRevision("sh.helm.release.v1.todo-chatbot.v1", 1, "pending-install", "",
                    Optional.of(KubeStates.NOW.minusSeconds(3600))));
            return b;
        })).getFirst();
        assertThat(install.fixes()).containsExactly("todoctl down --target kubernetes", "todoctl up --target kubernetes");
    }

    @Test
    @DisplayName("restarts climbing (3): warning with the last exit")
    void restarts() {
        Finding f = only(KubeStates.with("restarts.yaml"), "kube/restarts").getFirst();
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.summary()).contains("restarted 3 times");
        assertThat(f.evidence()).contains("last exit: exit code 1 (Error) at 2026-11-22T00:07:00Z");
    }

    @Test
    @DisplayName("database unreachable, from the readiness probe's 503 (not also reported as a plain probe failure)")
    void databaseFromProbe() {
        Finding f = only(KubeStates.with("database-down.yaml"), "kube/database-unreachable").getFirst();
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.evidence()).contains("pod todo-chatbot-api-7c9d8f6b5-x2k4p event Unhealthy: Readiness probe failed: "
                + "HTTP probe failed with statuscode: 503", "database pod todo-chatbot-postgresql-0: Running, ready=False");
        assertThat(f.fixes()).contains("kubectl --context minikube -n todo logs -l "
                + "app.kubernetes.io/instance=todo-chatbot,app.kubernetes.io/component=database --tail=50");
    }

    @Test
    @DisplayName("database unreachable, from the api's readiness body when its URL answers; an UP body is silent")
    void databaseFromBody() {
        Readiness down = new Readiness("http://127.0.0.1:8080/health/ready", 503,
                "{\"status\":\"DOWN\",\"checks\":{\"database\":\"DOWN\",\"migrations\":\"DOWN\"}}");
        Finding f = only(KubeStates.copy(KubeStates.healthy(), b -> {
            b.readiness = Optional.of(down);
            return b;
        }), "kube/database-unreachable").getFirst();
        assertThat(f.summary()).contains("cannot reach its database");
        assertThat(f.evidence().getFirst()).contains("→ 503").contains("\"database\":\"DOWN\"");

        Readiness up = new Readiness("http://127.0.0.1:8080/health/ready", 200,
                "{\"status\":\"UP\",\"checks\":{\"database\":\"UP\",\"migrations\":\"UP\"}}");
        assertThat(Diagnoser.run(KubeStates.copy(KubeStates.healthy(), b -> {
            b.readiness = Optional.of(up);
            return b;
        }))).isEmpty();
    }

    @Test
    @DisplayName("state that could not be read (events forbidden) is a warning, so silence is not taken for health")
    void partialRead() {
        Finding f = only(KubeStates.copy(KubeStates.healthy(), b -> {
            b.unread = List.of("events: 403 events is forbidden: User \"dev\" cannot list resource \"events\"");
            return b;
        }), "kube/partial-read").getFirst();
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.fixes()).containsExactly("kubectl --context minikube -n todo auth can-i --list   # what this user may read");
    }

    @Test
    @DisplayName("render(): the summary line, then evidence and fixes indented")
    void render() {
        Finding f = Diagnoser.run(KubeStates.with("oom-killed.yaml")).getFirst();
        assertThat(f.render()).startsWith("CRITICAL kube/oom-killed api: container api of pod todo-chatbot-api-7c9d8f6b5-x2k4p")
                .contains("\n    memory limit: 512Mi").endsWith("\n    fix: todoctl deploy --helm-set api.resources.limits.memory=1Gi --target kubernetes");
    }
}
