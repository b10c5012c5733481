package dev.todoctl.cli.targets.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("the rollout judges only the pods of the release's current workloads")
class RolloutPodsTest {

    static Pod pod(String name, String kind, String ownerUid) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).endMetadata();
        if (ownerUid != null) {
            b.editMetadata().addNewOwnerReference().withKind(kind).withUid(ownerUid).withName("x").withApiVersion("apps/v1")
                    .endOwnerReference().endMetadata();
        }
        return b.build();
    }

    static ReplicaSet rs(String uid, String deploymentUid) {
        return new ReplicaSetBuilder().withNewMetadata().withName("rs-" + uid).withUid(uid).addNewOwnerReference()
                .withKind("Deployment").withUid(deploymentUid).withName("d").withApiVersion("apps/v1").endOwnerReference()
                .endMetadata().build();
    }

    static ReplicaSet rs(String uid, String deploymentUid, int revision) {
        return new ReplicaSetBuilder(rs(uid, deploymentUid)).editMetadata()
                .addToAnnotations("deployment.kubernetes.io/revision", String.valueOf(revision)).endMetadata()
                .withNewSpec().withReplicas(1).endSpec().build();
    }

    @Test
    @DisplayName("only the Deployment's newest ReplicaSet is judged — the crash-looping revision a rollback repairs keeps "
            + "its pod until the new one is ready — and none before the controller observed the new spec")
    void onlyTheNewestReplicaSet() {
        Deployment observed = new DeploymentBuilder().withNewMetadata().withName("api").withUid("dep").withGeneration(5L)
                .endMetadata().withNewStatus().withObservedGeneration(5L).endStatus().build();
        List<ReplicaSet> replicaSets = List.of(rs("rs-crashing", "dep", 11), rs("rs-repair", "dep", 12));
        List<Pod> pods = List.of(pod("api-crashing", "ReplicaSet", "rs-crashing"), pod("api-repair", "ReplicaSet", "rs-repair"));

        assertThat(KubeRolloutWatcher.ofCurrentWorkloads(pods, List.of(observed), List.of(), replicaSets))
                .extracting(p -> p.getMetadata().getName()).containsExactly("api-repair");

        Deployment notYetObserved = new DeploymentBuilder(observed).editMetadata().withGeneration(6L).endMetadata().build();
        assertThat(KubeRolloutWatcher.ofCurrentWorkloads(pods, List.of(notYetObserved), List.of(), replicaSets)).isEmpty();
    }

    @Test
    @DisplayName("a terminating pod, or one of a ReplicaSet scaled to zero (the revision an automatic rollback left), "
            + "does not fail the next rollout")
    void podsOnTheirWayOutAreIgnored() {
        Deployment current = new DeploymentBuilder().withNewMetadata().withName("web").withUid("dep").endMetadata().build();
        ReplicaSet good = rs("rs-good", "dep");
        ReplicaSet failed = new ReplicaSetBuilder(rs("rs-failed", "dep")).withNewSpec().withReplicas(0).endSpec().build();
        Pod terminating = new PodBuilder(pod("web-terminating", "ReplicaSet", "rs-good")).editMetadata()
                .withDeletionTimestamp("2026-12-07T04:47:02Z").endMetadata().build();
        List<Pod> pods = List.of(pod("web-good", "ReplicaSet", "rs-good"), pod("web-failed", "ReplicaSet", "rs-failed"),
                terminating);

        List<Pod> kept = KubeRolloutWatcher.ofCurrentWorkloads(pods, List.of(current), List.of(), List.of(good, failed));

        assertThat(kept).extracting(p -> p.getMetadata().getName()).containsExactly("web-good");
    }

    @Test
    @DisplayName("a leftover pod of the uninstalled release (its ReplicaSet's Deployment is gone) is not the new install's")
    void leftoversOfAnUninstalledReleaseAreIgnored() {
        Deployment current = new DeploymentBuilder().withNewMetadata().withName("web").withUid("dep-new").endMetadata().build();
        StatefulSet db = new StatefulSetBuilder().withNewMetadata().withName("db").withUid("sts-new").endMetadata().build();
        List<ReplicaSet> replicaSets = List.of(rs("rs-new", "dep-new"), rs("rs-old", "dep-old"));
        List<Pod> pods = List.of(pod("web-new", "ReplicaSet", "rs-new"), pod("web-old", "ReplicaSet", "rs-old"),
                pod("web-orphan", "ReplicaSet", "rs-gone"), pod("db-0", "StatefulSet", "sts-new"),
                pod("db-old", "StatefulSet", "sts-old"), pod("manual", null, null));

        List<Pod> kept = KubeRolloutWatcher.ofCurrentWorkloads(pods, List.of(current), List.of(db), replicaSets);

        assertThat(kept).extracting(p -> p.getMetadata().getName()).containsExactly("web-new", "db-0", "manual");
    }
}
