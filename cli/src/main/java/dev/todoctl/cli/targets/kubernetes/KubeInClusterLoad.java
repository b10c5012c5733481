package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.build.DockerEngine;
import dev.todoctl.cli.build.DockerImageBuilder;
import dev.todoctl.cli.build.ArtifactBuilder;
import dev.todoctl.cli.build.BuildResult;
import dev.todoctl.cli.build.GeneratorImageBuilder;
import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.targets.InClusterLoad;
import dev.todoctl.scenarios.GeneratorOutput;
import dev.todoctl.scenarios.LoadPlan;
import dev.todoctl.scenarios.LoadResult;
import dev.todoctl.scenarios.LoadRunner;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Load generators as one Kubernetes Job ({@code completions = parallelism = N}: 1.20 has no indexed Jobs, so the
 * pods are alike and each takes an even share of the users), reaching the api through its Service's cluster IP;
 * results come back through the pods' logs ({@link GeneratorOutput}); the Job goes in every case. Request counts per
 * api pod come from each pod's {@code /metrics} through the API server's pod proxy.
 */
final class KubeInClusterLoad implements InClusterLoad {
    private static final String GENERATOR_CONTAINER = "generator";
    static final String JOB_LABEL = "todoctl.dev/load-generator";
    static final String CPU_REQUEST = "200m";
    static final String MEMORY_REQUEST = "512Mi";
    /** A pod that cannot be scheduled or pulled for this long is named as failed (the rest is not waited for). */
    static final Duration STUCK = Duration.ofSeconds(45);
    /** What a generator gets to stop its users and report on Ctrl-C (it waits 25 s at most for its Gatling JVM). */
    static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final List<String> PULL_FAILURES = List.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "ErrImageNeverPull", "CreateContainerConfigError", "CreateContainerError");

    private final KubernetesTarget target;
    private final Duration poll;

    KubeInClusterLoad(KubernetesTarget target, Duration poll) {
        this.target = target;
        this.poll = poll;
    }

    private String release() {
        return target.context().config().release();
    }

    @Override
    public void check(int generators, Optional<String> image) {
        KubeAccess kube = target.requireReachable();
        try (KubernetesClient client = kube.client()) {
            if (!servesJobs(client)) {
                throw TodoctlException.usage("the cluster (" + kube.describe() + ") does not serve the Job API batch/v1, which --generators needs",
                        "run without --generators (one generator on this machine), or use a cluster with batch/v1 Jobs (Kubernetes 1.8+)");
            }
            int room = room(client.nodes().list().getItems(), client.pods().inAnyNamespace().list().getItems());
            if (room < generators) {
                throw TodoctlException.usage("--generators " + generators + ": the nodes have room for " + room
                        + " generator pod(s) (each requests " + CPU_REQUEST + " CPU and " + MEMORY_REQUEST + " memory)",
                        "use --generators " + Math.max(1, room) + " or fewer, or free or add nodes");
            }
            if (image.isPresent() && !exists(client, image.get())) {
                throw TodoctlException.usage("generator image " + image.get() + " is neither on a node nor in its registry",
                        "leave out --generator-image: todoctl builds and loads the image itself");
            }
        }
    }

    private static boolean servesJobs(KubernetesClient client) {
        try {
            APIResourceList resources = client.getApiResources("batch/v1");
            return resources != null && resources.getResources().stream().anyMatch(r -> "jobs".equals(r.getName()));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** How many generator pods fit on the schedulable, ready nodes next to what their pods already request. */
    static int room(List<Node> nodes, List<Pod> pods) {
        BigDecimal cpu = Quantity.getAmountInBytes(new Quantity(CPU_REQUEST));
        BigDecimal memory = Quantity.getAmountInBytes(new Quantity(MEMORY_REQUEST));
        int room = 0;
        for (Node node : nodes) {
            if (!schedulable(node)) {
                continue;
            }
            Map<String, Quantity> allocatable = node.getStatus().getAllocatable();
            BigDecimal freeCpu = amount(allocatable, "cpu");
            BigDecimal freeMemory = amount(allocatable, "memory");
            long freePods = amount(allocatable, "pods").longValue();
            for (Pod pod : pods) {
                if (pod.getSpec() == null || !node.getMetadata().getName().equals(pod.getSpec().getNodeName())
                        || (pod.getStatus() != null && List.of("Succeeded", "Failed").contains(pod.getStatus().getPhase()))) {
                    continue;
                }
                freePods--;
                for (var c : pod.getSpec().getContainers()) {
                    Map<String, Quantity> requests = c.getResources() == null ? null : c.getResources().getRequests();
                    freeCpu = freeCpu.subtract(amount(requests, "cpu"));
                    freeMemory = freeMemory.subtract(amount(requests, "memory"));
                }
            }
            long fits = Math.min(freePods, Math.min(freeCpu.divideToIntegralValue(cpu).longValue(),
                    freeMemory.divideToIntegralValue(memory).longValue()));
            room += (int) Math.max(0, fits);
        }
        return room;
    }

    private static boolean schedulable(Node node) {
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            return false;
        }
        if (node.getSpec() != null && node.getSpec().getTaints() != null && node.getSpec().getTaints().stream()
                .anyMatch(t -> "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect()))) {
            return false;
        }
        return node.getStatus() != null && node.getStatus().getAllocatable() != null && (node.getStatus().getConditions() == null
                || node.getStatus().getConditions().isEmpty() || node.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));
    }

    private static BigDecimal amount(Map<String, Quantity> quantities, String key) {
        Quantity q = quantities == null ? null : quantities.get(key);
        return q == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(q);
    }

    /** On a node already (its status lists it), or in its registry (a manifest answers). */
    private static boolean exists(KubernetesClient client, String image) {
        String wanted = ClusterImageLoader.normalise(image);
        for (Node node : client.nodes().list().getItems()) {
            if (node.getStatus() != null && node.getStatus().getImages() != null && node.getStatus().getImages().stream()
                    .flatMap(i -> i.getNames() == null ? java.util.stream.Stream.empty() : i.getNames().stream())
                    .anyMatch(n -> ClusterImageLoader.normalise(n).equals(wanted))) {
                return true;
            }
        }
        return inRegistry(image);
    }

    static boolean inRegistry(String image) {
        int slash = image.indexOf('/');
        String host = slash < 0 ? "" : image.substring(0, slash);
        if (!host.contains(".") && !host.contains(":") && !host.equals("localhost")) {
            return false; // Docker Hub: not asked (no registry is reachable from the build machines either)
        }
        String rest = image.substring(slash + 1);
        String name;
        String reference;
        int at = rest.indexOf('@');
        if (at >= 0) {
            name = rest.substring(0, at);
            reference = rest.substring(at + 1);
        } else {
            int colon = rest.lastIndexOf(':');
            name = colon < 0 ? rest : rest.substring(0, colon);
            reference = colon < 0 ? "latest" : rest.substring(colon + 1);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        for (String scheme : List.of("https", "http")) {
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(scheme + "://" + host + "/v2/" + name + "/manifests/" + reference))
                                .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5))
                                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json")
                                .build(), HttpResponse.BodyHandlers.discarding());
                return answer.statusCode() == 200;
            } catch (java.io.IOException e) {
                // try plain http (a registry on loopback)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    @Override
    public String image(Optional<String> given) {
        if (given.isPresent()) {
            return given.get();
        }
        DockerEngine engine = new DockerEngine(target.context().config(), target.context().env());
        DockerImageBuilder images = new DockerImageBuilder(target.context().config(), target.context().env(), target.context().console(),
                engine, new ArtifactBuilder(target.context().config(), target.context().env(), target.context().console()));
        BuildResult built = new GeneratorImageBuilder(target.context().config(), target.context().console(), engine, images)
                .build(LoadRunner.classPathEntries());
        target.loader().load(built);
        return built.artifacts().getFirst().reference();
    }

    @Override
    public String serviceUrl() {
        KubeAccess kube = target.requireReachable();
        try (KubernetesClient client = kube.client()) {
            Service service = client.services().inNamespace(kube.namespace())
                    .withLabel(KubeRolloutWatcher.INSTANCE_LABEL, release())
                    .withLabel(KubeRolloutWatcher.COMPONENT_LABEL, "api").list().getItems().stream().findFirst()
                    .orElseThrow(() -> new TodoctlException(Phase.DEPLOY, "release " + release() + " has no api Service in namespace "
                            + kube.namespace(), List.of("deploy it: todoctl up --target kubernetes")));
            String ip = service.getSpec().getClusterIP();
            if (ip == null || ip.isBlank() || "None".equals(ip)) {
                throw new TodoctlException(Phase.DEPLOY, "the api Service " + service.getMetadata().getName() + " has no cluster IP",
                        List.of("load generators need a ClusterIP Service in front of the api"));
            }
            var endpoints = client.endpoints().inNamespace(kube.namespace()).withName(service.getMetadata().getName()).get();
            boolean ready = endpoints != null && endpoints.getSubsets() != null && endpoints.getSubsets().stream()
                    .anyMatch(subset -> subset.getAddresses() != null && !subset.getAddresses().isEmpty());
            if (!ready) {
                throw new TodoctlException(Phase.DEPLOY, "no ready api pod behind the Service " + service.getMetadata().getName()
                        + ": the generators would have nothing to load", List.of("check it with: todoctl status", "or start it: todoctl up"));
            }
            return "http://" + ip + ":" + service.getSpec().getPorts().getFirst().getPort();
        }
    }

    @Override
    public Outcome run(LoadPlan plan, int generators, String image, Duration grace, Consumer<Runnable> started,
                       Consumer<String> progress) {
        KubeAccess kube = target.requireReachable();
        String ns = kube.namespace();
        String job = (release() + "-loadgen-" + Long.toString(System.nanoTime() % 1_000_000, 36)).toLowerCase(Locale.ROOT);
        int share = plan.users() / generators;
        AtomicBoolean stop = new AtomicBoolean();
        try (KubernetesClient client = kube.client()) {
            client.batch().v1().jobs().inNamespace(ns).resource(job(job, plan, generators, share, image)).create();
            started.accept(() -> stop.set(true));
            try {
                return watch(client, ns, job, plan, generators, share, grace, stop, progress);
            } finally {
                client.batch().v1().jobs().inNamespace(ns).withName(job).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
                client.pods().inNamespace(ns).withLabel(JOB_LABEL, job).delete();
            }
        }
    }

    static Job job(String name, LoadPlan plan, int generators, int share, String image) {
        return new JobBuilder()
                .withNewMetadata().withName(name).addToLabels(JOB_LABEL, name)
                .addToLabels("app.kubernetes.io/managed-by", "todoctl").endMetadata()
                .withNewSpec().withCompletions(generators).withParallelism(generators).withBackoffLimit(0)
                .withActiveDeadlineSeconds(plan.duration().plusMinutes(10).toSeconds())
                .withNewTemplate()
                .withNewMetadata().addToLabels(JOB_LABEL, name).addToLabels("app.kubernetes.io/managed-by", "todoctl").endMetadata()
                .withNewSpec().withRestartPolicy("Never").withAutomountServiceAccountToken(false)
                .addNewContainer().withName(GENERATOR_CONTAINER).withImage(image).withImagePullPolicy("IfNotPresent")
                .addNewEnv().withName("TODOCTL_PLAN").withValue(plan.text()).endEnv()
                .addNewEnv().withName("TODOCTL_USERS").withValue(String.valueOf(share)).endEnv()
                .withNewResources().addToRequests("cpu", new Quantity(CPU_REQUEST)).addToRequests("memory", new Quantity(MEMORY_REQUEST))
                .endResources()
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    private Outcome watch(KubernetesClient client, String ns, String job, LoadPlan plan, int generators, int share,
                          Duration grace, AtomicBoolean stop, Consumer<String> progress) {
        long start = System.nanoTime();
        long deadline = start + plan.duration().plus(grace).toNanos();
        Map<String, String> failed = new LinkedHashMap<>();
        Map<String, Long> stuckSince = new LinkedHashMap<>();
        Map<String, Long> lastRequests = new LinkedHashMap<>();
        List<Pod> pods = List.of();
        while (true) {
            pods = client.pods().inNamespace(ns).withLabel(JOB_LABEL, job).list().getItems();
            int done = 0;
            for (Pod pod : pods) {
                String name = pod.getMetadata().getName();
                String phase = pod.getStatus() == null ? "Pending" : pod.getStatus().getPhase();
                if ("Succeeded".equals(phase) || "Failed".equals(phase) || failed.containsKey(name)) {
                    done++;
                    continue;
                }
                Optional<String> stuck = stuck(pod);
                if (stuck.isPresent()) {
                    long since = stuckSince.computeIfAbsent(name, n -> System.nanoTime());
                    if (stuck.get().startsWith("image") || System.nanoTime() - since > STUCK.toNanos()) {
                        failed.put(name, stuck.get());
                        done++;
                    }
                } else if ("Running".equals(phase)) {
                    lastProgress(client, ns, name).ifPresent(r -> lastRequests.put(name, r));
                }
            }
            progress.accept(String.format(Locale.ROOT, "%ds  %d generators: %d running, %d done  %d requests",
                    (System.nanoTime() - start) / 1_000_000_000L, generators, pods.size() - done, done,
                    lastRequests.values().stream().mapToLong(Long::longValue).sum()));
            if ((pods.size() >= generators && done == pods.size()) || stop.get() || System.nanoTime() > deadline
                    || (!failed.isEmpty() && failed.size() == pods.size())) {
                break;
            }
            sleep(poll);
        }
        boolean late = System.nanoTime() > deadline;
        Map<String, String> stoppedLogs = stop.get() ? stopGracefully(client, ns, job, pods, failed) : Map.of();
        List<Generator> outcomes = new ArrayList<>();
        List<LoadResult> parts = new ArrayList<>();
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            String phase = pod.getStatus() == null ? "Pending" : pod.getStatus().getPhase();
            if (failed.containsKey(name)) {
                outcomes.add(new Generator(name, "failed", failed.get(name), share, 0, 0, 0));
                continue;
            }
            if (stoppedLogs.containsKey(name)) {
                Optional<GeneratorOutput.Part> part = GeneratorOutput.decode(stoppedLogs.get(name));
                if (part.isEmpty()) {
                    outcomes.add(new Generator(name, "failed", "stopped (Ctrl-C) before it could report", share,
                            lastRequests.getOrDefault(name, 0L), 0, 0));
                } else {
                    LoadResult result = part.get().asResult(plan);
                    parts.add(result);
                    outcomes.add(new Generator(name, "stopped", "Ctrl-C: its users stopped early and it reported", part.get().users(),
                            result.requests(), result.errors(), Math.round(result.elapsed().toMillis()) / 1000.0));
                }
                continue;
            }
            if (!"Succeeded".equals(phase) && !"Failed".equals(phase)) {
                String why = "not done " + grace.toSeconds() + " s after the plan's " + plan.duration().toSeconds() + " s (" + phase + ")";
                outcomes.add(new Generator(name, late ? "straggled" : "failed", why, share, lastRequests.getOrDefault(name, 0L), 0, 0));
                continue;
            }
            String log = log(client, ns, name);
            Optional<GeneratorOutput.Part> part = GeneratorOutput.decode(log);
            if ("Failed".equals(phase) || part.isEmpty()) {
                outcomes.add(new Generator(name, "failed", ("Failed".equals(phase) ? exit(pod) : "no result in its log") + lastError(log),
                        share, 0, 0, 0));
                continue;
            }
            LoadResult result = part.get().asResult(plan);
            parts.add(result);
            outcomes.add(new Generator(name, "succeeded", "", part.get().users(), result.requests(), result.errors(),
                    Math.round(result.elapsed().toMillis()) / 1000.0));
        }
        for (int missing = pods.size(); missing < generators; missing++) {
            outcomes.add(new Generator("(pod " + (missing + 1) + " never created)", "failed",
                    "the Job did not create it (quota? admission?)", share, 0, 0, 0));
        }
        return new Outcome(job, outcomes, parts.isEmpty() ? Optional.empty() : Optional.of(LoadResult.merge(plan, parts)));
    }

    /**
     * Ctrl-C: the Job goes first (orphaning its pods, so that nothing replaces them), then each running pod is deleted
     * with its grace period while its log is followed: SIGTERM makes the generator stop its users and print what it
     * measured, which is read here before the pod is gone. By pod name, the logs of the pods that were running.
     */
    private static Map<String, String> stopGracefully(KubernetesClient client, String ns, String job, List<Pod> pods,
                                                      Map<String, String> failed) {
        client.batch().v1().jobs().inNamespace(ns).withName(job).withPropagationPolicy(DeletionPropagation.ORPHAN).delete();
        Map<String, java.io.ByteArrayOutputStream> logs = new LinkedHashMap<>();
        List<io.fabric8.kubernetes.client.dsl.LogWatch> watches = new ArrayList<>();
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            String phase = pod.getStatus() == null ? "Pending" : pod.getStatus().getPhase();
            if (!"Running".equals(phase) || failed.containsKey(name)) {
                continue;
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            logs.put(name, out);
            try {
                watches.add(client.pods().inNamespace(ns).withName(name).watchLog(out));
            } catch (RuntimeException e) {
                // no log to follow: the pod is reported as not having reported
            }
            client.pods().inNamespace(ns).withName(name).withGracePeriod(STOP_GRACE.toSeconds()).delete();
        }
        long until = System.nanoTime() + STOP_GRACE.plusSeconds(5).toNanos();
        while (System.nanoTime() < until && logs.values().stream().anyMatch(o -> !o.toString(java.nio.charset.StandardCharsets.UTF_8)
                .contains(GeneratorOutput.END)) && !client.pods().inNamespace(ns).withLabel(JOB_LABEL, job).list().getItems().isEmpty()) {
            sleep(Duration.ofMillis(500));
        }
        sleep(Duration.ofMillis(300)); // the stream's last bytes
        watches.forEach(io.fabric8.kubernetes.client.dsl.LogWatch::close);
        Map<String, String> text = new LinkedHashMap<>();
        logs.forEach((name, out) -> text.put(name, out.toString(java.nio.charset.StandardCharsets.UTF_8)));
        return text;
    }

    /** Why a pod is not getting anywhere: not scheduled, or its image cannot be pulled (reason starts with "image"). */
    static Optional<String> stuck(Pod pod) {
        if (pod.getStatus() == null) {
            return Optional.empty();
        }
        for (ContainerStatus c : Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of())) {
            if (c.getState() != null && c.getState().getWaiting() != null && PULL_FAILURES.contains(c.getState().getWaiting().getReason())) {
                return Optional.of("image " + c.getImage() + ": " + c.getState().getWaiting().getReason()
                        + Optional.ofNullable(c.getState().getWaiting().getMessage()).map(m -> " (" + m + ")").orElse(""));
            }
        }
        for (PodCondition c : Optional.ofNullable(pod.getStatus().getConditions()).orElse(List.of())) {
            if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
                return Optional.of("not scheduled: " + Optional.ofNullable(c.getMessage()).orElse(String.valueOf(c.getReason())));
            }
        }
        return Optional.empty();
    }

    private static Optional<Long> lastProgress(KubernetesClient client, String ns, String pod) {
        try {
            String tail = PodLog.read(client, ns, pod, GENERATOR_CONTAINER, new PodLog.Query(false, 5));
            Long requests = null;
            for (String line : tail.split("\n")) {
                if (line.startsWith("@progress ")) {
                    requests = Long.parseLong(line.split(" ")[2].trim());
                }
            }
            return Optional.ofNullable(requests);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String log(KubernetesClient client, String ns, String pod) {
        try {
            return PodLog.read(client, ns, pod, GENERATOR_CONTAINER, PodLog.Query.ALL);
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String exit(Pod pod) {
        for (ContainerStatus c : Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of())) {
            ContainerStateTerminated t = c.getState() == null ? null : c.getState().getTerminated();
            if (t != null) {
                return "exit " + t.getExitCode() + (t.getReason() == null ? "" : " (" + t.getReason() + ")");
            }
        }
        return "no result in its log";
    }

    private static String lastError(String log) {
        return log.lines().filter(l -> l.startsWith("@error ")).reduce((a, b) -> b).map(l -> ": " + l.substring(7)).orElse("");
    }

    @Override
    public ApiCounts apiRequestCounts() {
        KubeAccess kube = target.requireReachable();
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, String> unread = new LinkedHashMap<>();
        try (KubernetesClient client = kube.client()) {
            for (Pod pod : client.pods().inNamespace(kube.namespace()).withLabel(KubeRolloutWatcher.INSTANCE_LABEL, release())
                    .withLabel(KubeRolloutWatcher.COMPONENT_LABEL, "api").list().getItems()) {
                String name = pod.getMetadata().getName();
                if (pod.getStatus() == null || !"Running".equals(pod.getStatus().getPhase()) || pod.getMetadata().getDeletionTimestamp() != null) {
                    continue;
                }
                int port = pod.getSpec().getContainers().getFirst().getPorts() == null || pod.getSpec().getContainers().getFirst().getPorts().isEmpty()
                        ? 8080 : pod.getSpec().getContainers().getFirst().getPorts().getFirst().getContainerPort();
                try {
                    String metrics = client.raw("/api/v1/namespaces/" + kube.namespace() + "/pods/" + name + ":" + port + "/proxy/metrics");
                    if (metrics == null) {
                        unread.put(name, "its /metrics did not answer");
                    } else {
                        counts.put(name, requests(metrics));
                    }
                } catch (RuntimeException e) {
                    unread.put(name, String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                }
            }
        }
        return new ApiCounts(counts, unread);
    }

    /** The sum of {@code http_server_requests_seconds_count} over the app's routes, probes and scrapes left out. */
    static long requests(String metrics) {
        double total = 0;
        for (String line : metrics.split("\n")) {
            if (!line.startsWith("http_server_requests_seconds_count{")) {
                continue;
            }
            int close = line.lastIndexOf('}');
            String labels = line.substring(line.indexOf('{') + 1, close);
            if (labels.matches(".*route=\"/(health|metrics|observe)[^\"]*\".*")) {
                continue;
            }
            total += Double.parseDouble(line.substring(close + 1).trim().split(" ")[0]);
        }
        return Math.round(total);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the load generators", e);
        }
    }
}
