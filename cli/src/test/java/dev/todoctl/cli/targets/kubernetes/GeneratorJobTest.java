package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.config.ConfigLoader;
import dev.todoctl.cli.config.ConfigRequest;
import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.platform.Environment;
import dev.todoctl.cli.targets.InClusterLoad;
import dev.todoctl.cli.targets.TargetContext;
import dev.todoctl.cli.ui.Console;
import dev.todoctl.cli.ui.OutputFormat;
import dev.todoctl.scenarios.GeneratorOutput;
import dev.todoctl.scenarios.Latencies;
import dev.todoctl.scenarios.LoadPlan;
import dev.todoctl.scenarios.LoadResult;
import dev.todoctl.scenarios.Recording;
import dev.todoctl.scenarios.SetupPhase;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generators' Job on the mock API server, with this test playing the Job controller and the kubelet: pods that
 * succeed with a result in their log, fail, straggle, cannot pull their image, or are stopped by Ctrl-C. Every
 * generator is named with what happened to it, only the successful ones are merged, and the Job and its pods are gone
 * afterwards in every case.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("load generators' Job: results collected, failures and stragglers named, the Job deleted")
class GeneratorJobTest {
    static final String NS = "gen";
    MockCluster cluster;
    KubeInClusterLoad load;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        cluster = new MockCluster();
        Path kubeconfig = cluster.kubeconfig(dir, "mock");
        Environment env = new Environment(Map.of("KUBECONFIG", kubeconfig.toString()), KubernetesReleaseTest.repoRoot(), dir, false);
        TodoctlConfig config = new ConfigLoader(env, null).load(new ConfigRequest(Optional.empty(), Optional.of("dev"),
                Map.of("kubernetes.namespace", NS, "release", "it"), Map.of()));
        StringWriter out = new StringWriter();
        Console console = new Console(new PrintWriter(out, true), new PrintWriter(out, true), Console.Verbosity.NORMAL,
                OutputFormat.table, false, false);
        load = new KubeInClusterLoad(new KubernetesTarget(new TargetContext(config, env, console, Clock.systemUTC())), Duration.ofMillis(100));
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    static LoadPlan plan(int users, Duration duration) {
        return new LoadPlan("crud", "http://10.0.0.4:8080", users, Duration.ZERO, duration, Duration.ZERO, Path.of("/tmp/unused"),
                "run1", List.of());
    }

    static String resultLog(long requests) {
        Recording r = new Recording(Map.of("create", new Recording.RequestStats("create", requests, 0, Map.of(201, requests), Map.of(),
                new Latencies(new long[]{12}, new long[]{requests}, 12))));
        LoadResult result = new LoadResult(plan(2, Duration.ofSeconds(2)), r, Duration.ofSeconds(2), null, 0, false, List.of(),
                new SetupPhase(2, Duration.ofSeconds(1), 8, 2, 2, 0, 0, 0, 0, 0, List.of(), false), new Recording(Map.of()));
        return "@generator x\n@progress 1000 5 0\n" + GeneratorOutput.encode(result);
    }

    /** Runs the generators in the background; {@code stopper} gets the Ctrl-C hook. */
    CompletableFuture<InClusterLoad.Outcome> run(int generators, Duration duration, AtomicReference<Runnable> stopper) {
        return CompletableFuture.supplyAsync(() -> load.run(plan(2 * generators, duration), generators, "reg/gen:1", Duration.ZERO,
                stopper::set, line -> { }));
    }

    Job awaitJob() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            List<Job> jobs = cluster.client.batch().v1().jobs().inNamespace(NS).list().getItems();
            if (!jobs.isEmpty()) {
                return jobs.getFirst();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no Job created");
    }

    /** A pod of the Job, as the Job controller and the kubelet would leave it. */
    void pod(Job job, String name, String phase, ContainerStatusBuilder container) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .addToLabels(KubeInClusterLoad.JOB_LABEL, job.getMetadata().getName()).endMetadata()
                .withNewSpec().addNewContainer().withName("generator").withImage("reg/gen:1").endContainer().endSpec()
                .withNewStatus().withPhase(phase).withContainerStatuses(container.withName("generator").withImage("reg/gen:1").build())
                .endStatus().build();
        cluster.client.pods().inNamespace(NS).resource(pod).create();
    }

    void assertNothingLeft() {
        assertThat(cluster.client.batch().v1().jobs().inNamespace(NS).list().getItems()).as("Job deleted").isEmpty();
        assertThat(cluster.client.pods().inNamespace(NS).withLabel(KubeInClusterLoad.JOB_LABEL).list().getItems()).as("pods deleted").isEmpty();
    }

    @Test
    @DisplayName("one succeeds, one exits non-zero, one ends without a result, one straggles: each named; only the successful one is merged")
    void mixedOutcomes() throws Exception {
        CompletableFuture<InClusterLoad.Outcome> outcome = run(4, Duration.ofSeconds(2), new AtomicReference<>());
        Job job = awaitJob();
        assertThat(job.getSpec().getCompletions()).isEqualTo(4);
        cluster.containerLog("gen-ok", resultLog(40));
        pod(job, "gen-ok", "Succeeded", new ContainerStatusBuilder().withNewState().withNewTerminated().withExitCode(0).endTerminated().endState());
        cluster.containerLog("gen-bad", "@generator gen-bad\n@error Gatling did not finish (exit 1)\n");
        pod(job, "gen-bad", "Failed", new ContainerStatusBuilder().withNewState().withNewTerminated().withExitCode(3).withReason("Error")
                .endTerminated().endState());
        cluster.containerLog("gen-empty", "@generator gen-empty\n@error unreadable plan in TODOCTL_PLAN: users\n");
        pod(job, "gen-empty", "Succeeded", new ContainerStatusBuilder().withNewState().withNewTerminated().withExitCode(0).endTerminated().endState());
        pod(job, "gen-slow", "Running", new ContainerStatusBuilder().withNewState().withNewRunning().endRunning().endState());

        InClusterLoad.Outcome o = outcome.get(30, TimeUnit.SECONDS);
        assertThat(o.generators()).extracting(InClusterLoad.Generator::pod, InClusterLoad.Generator::status)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("gen-ok", "succeeded"),
                        org.assertj.core.groups.Tuple.tuple("gen-bad", "failed"), org.assertj.core.groups.Tuple.tuple("gen-empty", "failed"),
                        org.assertj.core.groups.Tuple.tuple("gen-slow", "straggled"));
        assertThat(o.generators()).filteredOn(g -> g.pod().equals("gen-empty")).first()
                .satisfies(g -> assertThat(g.reason()).isEqualTo("no result in its log: unreadable plan in TODOCTL_PLAN: users"));
        assertThat(o.generators()).filteredOn(g -> g.pod().equals("gen-bad")).first()
                .satisfies(g -> assertThat(g.reason()).contains("exit 3", "Gatling did not finish"));
        assertThat(o.generators()).filteredOn(g -> g.pod().equals("gen-slow")).first()
                .satisfies(g -> assertThat(g.reason()).contains("not done", "Running"));
        assertThat(o.merged()).get().satisfies(m -> assertThat(m.requests()).isEqualTo(40));
        assertThat(o.failed()).hasSize(3);
        assertNothingLeft();
    }

    @Test
    @DisplayName("an image that cannot be pulled fails its generator at once, without waiting for the deadline")
    void imagePull() throws Exception {
        CompletableFuture<InClusterLoad.Outcome> outcome = run(1, Duration.ofMinutes(5), new AtomicReference<>());
        Job job = awaitJob();
        pod(job, "gen-pull", "Pending", new ContainerStatusBuilder().withNewState().withNewWaiting().withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image \"reg/gen:1\"").endWaiting().endState());
        InClusterLoad.Outcome o = outcome.get(30, TimeUnit.SECONDS);
        assertThat(o.generators()).singleElement().satisfies(g -> {
            assertThat(g.status()).isEqualTo("failed");
            assertThat(g.reason()).contains("image reg/gen:1: ImagePullBackOff");
        });
        assertThat(o.merged()).isEmpty();
        assertNothingLeft();
    }

    @Test
    @DisplayName("Ctrl-C deletes the Job and stops the running generators: one that reports is merged as stopped, one that "
            + "cannot is named as failed")
    void interrupted() throws Exception {
        AtomicReference<Runnable> stopper = new AtomicReference<>();
        CompletableFuture<InClusterLoad.Outcome> outcome = run(2, Duration.ofMinutes(5), stopper);
        Job job = awaitJob();
        cluster.containerLog("gen-run", resultLog(7));
        pod(job, "gen-run", "Running", new ContainerStatusBuilder().withNewState().withNewRunning().endRunning().endState());
        cluster.containerLog("gen-mute", "@generator gen-mute\n");
        pod(job, "gen-mute", "Running", new ContainerStatusBuilder().withNewState().withNewRunning().endRunning().endState());
        Thread.sleep(300);
        stopper.get().run();
        InClusterLoad.Outcome o = outcome.get(60, TimeUnit.SECONDS);
        assertThat(o.generators()).filteredOn(g -> g.pod().equals("gen-run")).singleElement()
                .satisfies(g -> assertThat(g.status()).isEqualTo("stopped"));
        assertThat(o.generators()).filteredOn(g -> g.pod().equals("gen-mute")).singleElement().satisfies(g -> {
            assertThat(g.status()).isEqualTo("failed");
            assertThat(g.reason()).contains("before it could report");
        });
        assertThat(o.merged()).get().satisfies(m -> assertThat(m.requests()).isEqualTo(7));
        assertThat(o.failed()).hasSize(1);
        assertNothingLeft();
    }
}
