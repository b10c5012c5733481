package dev.todoctl.cli.ops.diagnose;

import dev.todoctl.cli.snapshot.KubeSnapshot;
import dev.todoctl.cli.snapshot.Readiness;
import dev.todoctl.cli.targets.kubernetes.ClusterImageLoader;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerCondition;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.todoctl.cli.snapshot.KubeSnapshot.component;
import static dev.todoctl.cli.snapshot.KubeSnapshot.name;
import static dev.todoctl.cli.snapshot.KubeSnapshot.phase;
import static dev.todoctl.cli.snapshot.KubeSnapshot.statuses;

/**
 * The rules for a release on Kubernetes. Each looks at one kind of trouble and leaves the others' cases alone
 * (a crash-looping container is not also reported as "restarts climbing"), so one cause gives one finding.
 */
public final class KubeRules {
    static final Set<String> IMAGE_REASONS = Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName",
            "ErrImageNeverPull");
    static final int RESTARTS = KubeSnapshot.RESTARTS;
    /** A pending Helm operation younger than this may simply still be running. */
    static final Duration STUCK_AFTER = Duration.ofMinutes(5);
    /** How long a running container may stay unready without probe events before it counts as stuck. */
    static final Duration UNREADY_GRACE = Duration.ofMinutes(2);

    public static final List<Rule<KubeSnapshot>> ALL = List.of(
            Rule.of("kube/crash-loop", KubeRules::crashLoop),
            Rule.of("kube/image-pull", KubeRules::imagePull),
            Rule.of("kube/oom-killed", KubeRules::oomKilled),
            Rule.of("kube/probe-failing", KubeRules::probeFailing),
            Rule.of("kube/pending", KubeRules::pending),
            Rule.of("kube/service-no-endpoints", KubeRules::serviceWithoutEndpoints),
            Rule.of("kube/hpa-no-metrics", KubeRules::hpaWithoutMetrics),
            Rule.of("kube/helm-stuck", KubeRules::helmStuck),
            Rule.of("kube/restarts", KubeRules::restartsClimbing),
            Rule.of("kube/database-unreachable", KubeRules::databaseUnreachable),
            Rule.of("kube/partial-read", KubeRules::partialRead));

    private KubeRules() {
    }

    static List<Finding> crashLoop(KubeSnapshot s) {
        List<Finding> findings = new ArrayList<>();
        for (Pod pod : s.pods()) {
            for (ContainerStatus cs : statuses(pod)) {
                if (!"CrashLoopBackOff".equals(waitingReason(cs))) {
                    continue;
                }
                List<String> evidence = new ArrayList<>();
                evidence.add("state: waiting, CrashLoopBackOff" + suffix(cs.getState().getWaiting().getMessage()));
                evidence.add("restarts: " + restarts(cs));
                lastTermination(cs).ifPresent(t -> evidence.add("last exit: " + terminated(t)));
                evidence.addAll(logLines(s, pod, cs));
                List<String> fixes = new ArrayList<>();
                fixes.add(s.kubectl("logs " + name(pod) + " -c " + cs.getName() + " --previous --tail=50"));
                s.lastGood().ifPresent(good -> fixes.add(s.todoctl("rollback " + good.revision())
                        + "   # back to the last good revision"));
                findings.add(new Finding("kube/crash-loop", Severity.CRITICAL, componentOf(pod), "container "
                        + cs.getName() + " of pod " + name(pod) + " is crash-looping (" + restarts(cs) + " restarts"
                        + lastTermination(cs).map(t -> ", last exit code " + t.getExitCode()).orElse("") + ")",
                        evidence, fixes));
            }
        }
        return findings;
    }

    static List<Finding> imagePull(KubeSnapshot s) {
        List<Finding> findings = new ArrayList<>();
        for (Pod pod : s.pods()) {
            for (ContainerStatus cs : statuses(pod)) {
                String reason = waitingReason(cs);
                if (!IMAGE_REASONS.contains(reason)) {
                    continue;
                }
                String image = Optional.ofNullable(cs.getImage()).orElse("");
                List<String> evidence = new ArrayList<>();
                evidence.add("state: waiting, " + reason + suffix(cs.getState().getWaiting().getMessage()));
                s.eventsFor("Pod", name(pod)).stream().filter(e -> "Failed".equals(e.getReason())).reduce((a, b) -> b)
                        .ifPresent(e -> evidence.add("event Failed: " + e.getMessage()));
                findings.add(new Finding("kube/image-pull", Severity.CRITICAL, componentOf(pod), "image " + image
                        + " of pod " + name(pod) + " cannot be pulled: it is not on the node nor in a reachable registry",
                        evidence, imageFixes(s, image)));
            }
        }
        return findings;
    }

    private static List<String> imageFixes(KubeSnapshot s, String image) {
        return switch (ClusterImageLoader.Cluster.of(s.context())) {
            case ClusterImageLoader.Cluster.Minikube m -> List.of(s.todoctl("load"),
                    "minikube -p " + m.profile() + " image load " + image);
            case ClusterImageLoader.Cluster.Kind k -> List.of(s.todoctl("load"),
                    "kind load docker-image " + image + " --name " + k.name());
            case ClusterImageLoader.Cluster.DockerDesktop d -> List.of(s.todoctl("build"));
            case ClusterImageLoader.Cluster.Remote r -> List.of(s.todoctl("load --push --registry <registry>")
                    + "   # a registry the cluster can pull from", "docker image inspect " + image + "   # is it built here at all?");
        };
    }

    static List<Finding> oomKilled(KubeSnapshot s) {
        List<Finding> findings = new ArrayList<>();
        for (Pod pod : s.pods()) {
            for (ContainerStatus cs : statuses(pod)) {
                Optional<ContainerStateTerminated> oom = oom(cs);
                if (oom.isEmpty()) {
                    continue;
                }
                Optional<Quantity> limit = container(pod, cs.getName())
                        .map(c -> c.getResources() == null || c.getResources().getLimits() == null ? null
                                : c.getResources().getLimits().get("memory"));
                List<String> evidence = new ArrayList<>();
                evidence.add("last state: " + terminated(oom.get()));
                evidence.add("memory limit: " + limit.map(Quantity::toString).orElse("none set"));
                evidence.add("restarts: " + restarts(cs));
                String key = valuesKey(componentOf(pod));
                String raise = limit.map(KubeRules::doubled).orElse("1Gi");
                List<String> fixes = key.isEmpty() || !cs.getName().equals(componentContainer(pod, cs))
                        ? List.of(s.kubectl("describe pod " + name(pod)))
                        : List.of(s.todoctl("deploy --helm-set " + key + ".resources.limits.memory=" + raise));
                findings.add(new Finding("kube/oom-killed", Severity.CRITICAL, componentOf(pod), "container "
                        + cs.getName() + " of pod " + name(pod) + " was killed for using more memory than its limit ("
                        + limit.map(Quantity::toString).orElse("no limit") + ")", evidence, fixes));
            }
        }
        return findings;
    }

    static List<Finding> probeFailing(KubeSnapshot s) {
        List<Finding> findings = new ArrayList<>();
        for (Pod pod : s.pods()) {
            if (!"Running".equals(phase(pod)) || condition(pod, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false)) {
                continue;
            }
            List<Event> unhealthy = s.eventsFor("Pod", name(pod)).stream().filter(e -> "Unhealthy".equals(e.getReason()))
                    .toList();
            if (!unhealthy.isEmpty() && databaseReadiness(pod, unhealthy.getLast())) {
                continue; // the api's 503: the database rule says why, with sharper evidence
            }
            Optional<ContainerStatus> unready = statuses(pod).stream().filter(cs -> running(cs) && !Boolean.TRUE.equals(cs.getReady()))
                    .findFirst();
            if (unhealthy.isEmpty()) {
                // no probe event (yet): only a container that has been running unready well past start-up counts
                unready.filter(cs -> runningFor(s, cs).map(d -> d.compareTo(UNREADY_GRACE) > 0).orElse(false))
                        .ifPresent(cs -> findings.add(new Finding("kube/probe-failing", Severity.WARNING, componentOf(pod),
                                "container " + cs.getName() + " of pod " + name(pod) + " has been running but not ready for "
                                        + runningFor(s, cs).map(KubeRules::human).orElse("?"),
                                List.of("state: running since " + cs.getState().getRunning().getStartedAt() + ", ready=false"),
                                List.of(s.kubectl("describe pod " + name(pod)),
                                        s.kubectl("logs " + name(pod) + " -c " + cs.getName() + " --tail=50")))));
                continue;
            }
            Event last = unhealthy.getLast();
            boolean liveness = unhealthy.stream().anyMatch(e -> String.valueOf(e.getMessage()).startsWith("Liveness"));
            List<String> evidence = new ArrayList<>();
            evidence.add("event Unhealthy" + (last.getCount() == null ? "" : " (x" + last.getCount() + ")") + ": " + last.getMessage());
            unready.ifPresent(cs -> evidence.add("container " + cs.getName() + ": running, ready=false, restarts "
                    + restarts(cs)));
            String container = unready.map(ContainerStatus::getName).orElse(componentContainer(pod, null));
            findings.add(new Finding("kube/probe-failing", liveness ? Severity.CRITICAL : Severity.WARNING, componentOf(pod),
                    (liveness ? "liveness" : "readiness") + " probe of pod " + name(pod) + " is failing"
                            + (liveness ? ": the kubelet keeps restarting it" : ": it gets no traffic"),
                    evidence, List.of(s.kubectl("describe pod " + name(pod)),
                    s.kubectl("logs " + name(pod) + (container.isEmpty() ? "" : " -c " + container) + " --tail=50"))));
        }
        return findings;
    }

    static List<Finding> pending(KubeSnapshot s) {
        List<Finding> findings = new ArrayList<>();
        for (Pod pod : s.pods()) {
            Optional<PodCondition> unscheduled = condition(pod, "PodScheduled").filter(c -> "False".equals(c.getStatus()));
            Optional<Event> failed = s.eventsFor("Pod", name(pod)).stream()
                    .filter(e -> "FailedScheduling".equals(e.getReason())).reduce((a, b) -> b);
            if (!"Pending".equals(phase(pod)) || (unscheduled.isEmpty() && failed.isEmpty())) {
                continue;
            }
            String message = failed.map(Event::getMessage).or(() -> unscheduled.map(PodCondition::getMessage)).orElse("");
            List<String> evidence = new ArrayList<>();
            unscheduled.ifPresent(c -> evidence.add("condition PodScheduled=False: " + c.getReason() + suffix(c.getMessage())));
            failed.ifPresent(e -> evidence.add("event FailedScheduling: " + e.getMessage()));
            String lower = message.toLowerCase(java.util.Locale.ROOT);
            List<String> fixes = new ArrayList<>();
            String summary;
            if (lower.contains("unbound") || lower.contains("persistentvolumeclaim")) {
                List<PersistentVolumeClaim> unbound = s.claims().stream().filter(c -> c.getStatus() == null
                        || !"Bound".equals(c.getStatus().getPhase())).toList();
                summary = "pod " + name(pod) + " cannot be scheduled: its PersistentVolumeClaim is not bound";
                for (PersistentVolumeClaim claim : unbound) {
                    String claimName = claim.getMetadata().getName();
                    evidence.add("claim " + claimName + ": " + (claim.getStatus() == null ? "no status" : claim.getStatus().getPhase())
                            + ", storageClass " + Optional.ofNullable(claim.getSpec() == null ? null
                            : claim.getSpec().getStorageClassName()).orElse("(default)"));
                    s.eventsFor("PersistentVolumeClaim", claimName).stream().reduce((a, b) -> b)
                            .ifPresent(e -> evidence.add("event " + e.getReason() + ": " + e.getMessage()));
                    fixes.add(s.kubectl("describe pvc " + claimName));
                }
                fixes.add("kubectl get storageclass   # pick one that provisions volumes, then:");
                fixes.add(s.todoctl("deploy --helm-set database.internal.persistence.storageClass=<class>"));
            } else if (lower.contains("insufficient")) {
                String resource = lower.contains("insufficient memory") && lower.contains("insufficient cpu") ? "cpu and memory"
                        : lower.contains("insufficient memory") ? "memory" : lower.contains("insufficient cpu") ? "cpu" : "resources";
                summary = "pod " + name(pod) + " cannot be scheduled: no node has enough free " + resource
                        + " for its requests";
                container(pod, componentContainer(pod, null)).map(Container::getResources).map(r -> r.getRequests())
                        .ifPresent(r -> evidence.add("requests: " + r));
                fixes.add(s.kubectl("describe nodes") + "   # allocatable vs. allocated");
                String key = valuesKey(componentOf(pod));
                if (!key.isEmpty()) {
                    fixes.add(s.todoctl("deploy --helm-set " + key + ".resources.requests."
                            + (resource.equals("cpu") ? "cpu=50m" : "memory=128Mi")) + "   # smaller requests");
                }
                if (ClusterImageLoader.Cluster.of(s.context()) instanceof ClusterImageLoader.Cluster.Minikube m) {
                    fixes.add("minikube -p " + m.profile() + " stop && minikube -p " + m.profile()
                            + " start --cpus=4 --memory=8g   # a bigger node");
                }
            } else {
                summary = "pod " + name(pod) + " cannot be scheduled";
                fixes.add(s.kubectl("describe pod " + name(pod)));
            }
            findings.add(new Finding("kube/pending", Severity.CRITICAL, componentOf(pod), summary, evidence, fixes));
        }
        return findings;
    }

    static List<Finding> serviceWithoutEndpoints(KubeSnapshot s) {
        List<Finding> findings = new ArrayList<>();
        for (Service service : s.services()) {
            Map<String, String> selector = service.getSpec() == null ? null : service.getSpec().getSelector();
            if (selector == null || selector.isEmpty()) {
                continue; // no selector: endpoints are managed by hand, not our business
            }
            String name = service.getMetadata().getName();
            Endpoints endpoints = s.endpoints().get(name);
            int ready = 0;
            int notReady = 0;
            if (endpoints != null && endpoints.getSubsets() != null) {
                for (EndpointSubset subset : endpoints.getSubsets()) {
                    ready += subset.getAddresses() == null ? 0 : subset.getAddresses().size();
                    notReady += subset.getNotReadyAddresses() == null ? 0 : subset.getNotReadyAddresses().size();
                }
            }
            if (ready > 0) {
                continue;
            }
            List<Pod> matching = s.pods().stream().filter(p -> p.getMetadata().getLabels() != null
                    && p.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).toList();
            long readyPods = matching.stream().filter(p -> condition(p, "Ready").map(c -> "True".equals(c.getStatus()))
                    .orElse(false)).count();
            String component = Optional.ofNullable(service.getMetadata().getLabels())
                    .map(l -> l.get(KubeSnapshot.COMPONENT_LABEL)).orElse(name);
            List<String> evidence = new ArrayList<>();
            evidence.add(endpoints == null ? "no Endpoints object " + name
                    : "Endpoints " + name + ": 0 ready addresses, " + notReady + " not ready");
            evidence.add("pods matching the selector: " + matching.size() + " (" + readyPods + " ready)");
            findings.add(new Finding("kube/service-no-endpoints", Severity.CRITICAL, component, "Service " + name
                    + " has no ready endpoints: every request to it fails", evidence,
                    List.of(s.kubectl("get pods -l " + selectorText(selector) + " -o wide"),
                            s.kubectl("describe endpoints " + name))));
        }
        return findings;
    }

    static List<Finding> hpaWithoutMetrics(KubeSnapshot s) {
        List<Finding> findings = new ArrayList<>();
        for (HorizontalPodAutoscaler hpa : s.autoscalers()) {
            String name = hpa.getMetadata().getName();
            Optional<HorizontalPodAutoscalerCondition> inactive = hpa.getStatus() == null || hpa.getStatus().getConditions() == null
                    ? Optional.empty() : hpa.getStatus().getConditions().stream()
                    .filter(c -> "ScalingActive".equals(c.getType()) && "False".equals(c.getStatus())).findFirst();
            Optional<Event> failed = s.eventsFor("HorizontalPodAutoscaler", name).stream()
                    .filter(e -> "FailedGetResourceMetric".equals(e.getReason())
                            || "FailedComputeMetricsReplicas".equals(e.getReason())).reduce((a, b) -> b);
            if (inactive.isEmpty() && failed.isEmpty()) {
                continue;
            }
            List<String> evidence = new ArrayList<>();
            inactive.ifPresent(c -> evidence.add("condition ScalingActive=False: " + c.getReason() + suffix(c.getMessage())));
            failed.ifPresent(e -> evidence.add("event " + e.getReason() + ": " + e.getMessage()));
            List<String> fixes = new ArrayList<>();
            if (ClusterImageLoader.Cluster.of(s.context()) instanceof ClusterImageLoader.Cluster.Minikube m) {
                fixes.add("minikube -p " + m.profile() + " addons enable metrics-server");
            } else {
                fixes.add("kubectl apply -f https://github.com/kubernetes-sigs/metrics-server/releases/latest/download/components.yaml");
            }
            fixes.add(s.kubectl("describe hpa " + name));
            String component = Optional.ofNullable(hpa.getMetadata().getLabels())
                    .map(l -> l.get(KubeSnapshot.COMPONENT_LABEL)).orElse(name);
            findings.add(new Finding("kube/hpa-no-metrics", Severity.WARNING, component, "HorizontalPodAutoscaler " + name
                    + " gets no metrics, so it cannot scale (is metrics-server installed?)", evidence, fixes));
        }
        return findings;
    }

    static List<Finding> helmStuck(KubeSnapshot s) {
        Optional<KubeSnapshot.HelmRevision> current = s.currentRevision().filter(KubeSnapshot.HelmRevision::pending);
        if (current.isEmpty()) {
            return List.of();
        }
        KubeSnapshot.HelmRevision r = current.get();
        Optional<Duration> age = r.lastDeployed().map(t -> Duration.between(t, s.takenAt()));
        boolean stuck = age.map(a -> a.compareTo(STUCK_AFTER) >= 0).orElse(true);
        List<String> evidence = new ArrayList<>();
        evidence.add("Secret " + r.secret() + ": status " + r.status() + suffix(r.description()));
        r.lastDeployed().ifPresent(t -> evidence.add("started " + t + age.map(a -> " (" + human(a) + " ago)").orElse("")));
        List<String> fixes = new ArrayList<>();
        if (s.helm().size() > 1) {
            fixes.add(s.kubectl("delete secret " + r.secret()) + "   # drop the unfinished revision " + r.revision());
            fixes.add(s.todoctl("deploy"));
        } else {
            fixes.add(s.todoctl("down"));
            fixes.add(s.todoctl("up"));
        }
        return List.of(new Finding("kube/helm-stuck", stuck ? Severity.CRITICAL : Severity.INFO, "release",
                stuck ? "Helm release " + s.release() + " is stuck in " + r.status() + " at revision " + r.revision()
                        + ": every further deploy or rollback is refused (another operation is in progress)"
                        : "Helm release " + s.release() + " is in " + r.status() + " (revision " + r.revision()
                        + "): an operation is probably still running", evidence, stuck ? fixes : List.of()));
    }

    static List<Finding> restartsClimbing(KubeSnapshot s) {
        List<Finding> findings = new ArrayList<>();
        for (Pod pod : s.pods()) {
            for (ContainerStatus cs : statuses(pod)) {
                // crash loops and OOM kills have their own rules, with a sharper fix
                if (restarts(cs) < RESTARTS || "CrashLoopBackOff".equals(waitingReason(cs)) || oom(cs).isPresent()) {
                    continue;
                }
                List<String> evidence = new ArrayList<>();
                evidence.add("restarts: " + restarts(cs));
                lastTermination(cs).ifPresent(t -> evidence.add("last exit: " + terminated(t)));
                evidence.addAll(logLines(s, pod, cs));
                findings.add(new Finding("kube/restarts", Severity.WARNING, componentOf(pod), "container " + cs.getName()
                        + " of pod " + name(pod) + " has restarted " + restarts(cs) + " times", evidence,
                        List.of(s.kubectl("logs " + name(pod) + " -c " + cs.getName() + " --previous --tail=50"),
                                s.kubectl("describe pod " + name(pod)))));
            }
        }
        return findings;
    }

    static List<Finding> databaseUnreachable(KubeSnapshot s) {
        List<String> evidence = new ArrayList<>();
        String summary;
        Optional<Readiness> readiness = s.apiReadiness().filter(Readiness::answered);
        if (readiness.isPresent()) {
            Readiness r = readiness.get();
            if (!r.databaseDown() && !r.migrationsDown()) {
                return List.of();
            }
            evidence.add(r.describe());
            summary = r.databaseDown() ? "the api cannot reach its database (its readiness says database DOWN)"
                    : "the api reaches its database but the migrations are not applied";
        } else {
            List<String> probes = new ArrayList<>();
            for (Pod pod : s.pods()) {
                s.eventsFor("Pod", name(pod)).stream().filter(e -> databaseReadiness(pod, e)).reduce((a, b) -> b)
                        .ifPresent(e -> probes.add("pod " + name(pod) + " event Unhealthy: " + e.getMessage()));
            }
            if (probes.isEmpty()) {
                return List.of();
            }
            evidence.addAll(probes);
            summary = "the api's readiness answers 503: its database is unreachable or the migrations are not applied";
        }
        for (Pod db : s.pods().stream().filter(p -> "database".equals(component(p))).toList()) {
            evidence.add("database pod " + name(db) + ": " + phase(db) + ", ready="
                    + condition(db, "Ready").map(PodCondition::getStatus).orElse("unknown"));
        }
        if (s.pods().stream().noneMatch(p -> "database".equals(component(p)))) {
            evidence.add("no database pod in the release (external database?)");
        }
        return List.of(new Finding("kube/database-unreachable", Severity.CRITICAL, "api", summary, evidence,
                List.of(s.kubectl("get pods -l " + s.selector("database")),
                        s.kubectl("logs -l " + s.selector("database") + " --tail=50"),
                        s.kubectl("logs -l " + s.selector("api") + " --tail=50"))));
    }

    static List<Finding> partialRead(KubeSnapshot s) {
        return s.unread().isEmpty() ? List.of() : List.of(new Finding("kube/partial-read", Severity.WARNING, "target",
                "some of the release's state could not be read, so the rules that need it could not look",
                s.unread(), List.of(s.kubectl("auth can-i --list") + "   # what this user may read")));
    }

    /** A readiness failure of the api with 503: what its /health/ready answers when the database is down. */
    private static boolean databaseReadiness(Pod pod, Event e) {
        String message = String.valueOf(e.getMessage());
        return "api".equals(component(pod)) && "Unhealthy".equals(e.getReason()) && message.startsWith("Readiness")
                && message.contains("statuscode: 503");
    }

    private static String componentOf(Pod pod) {
        String c = component(pod);
        return c.isEmpty() ? name(pod) : c;
    }

    /** The chart's values prefix of a component (for --helm-set), or "" when it has none. */
    static String valuesKey(String component) {
        return switch (component) {
            case "api", "web" -> component;
            case "database" -> "database.internal";
            default -> "";
        };
    }

    /** The component's main container (the first of the spec), or {@code fallback}'s name. */
    private static String componentContainer(Pod pod, ContainerStatus fallback) {
        List<Container> containers = pod.getSpec() == null || pod.getSpec().getContainers() == null ? List.of()
                : pod.getSpec().getContainers();
        return containers.isEmpty() ? (fallback == null ? "" : fallback.getName()) : containers.getFirst().getName();
    }

    private static Optional<Container> container(Pod pod, String name) {
        if (pod.getSpec() == null) {
            return Optional.empty();
        }
        List<Container> all = new ArrayList<>();
        Optional.ofNullable(pod.getSpec().getInitContainers()).ifPresent(all::addAll);
        Optional.ofNullable(pod.getSpec().getContainers()).ifPresent(all::addAll);
        return all.stream().filter(c -> c.getName().equals(name)).findFirst();
    }

    static Optional<PodCondition> condition(Pod pod, String type) {
        return pod.getStatus() == null || pod.getStatus().getConditions() == null ? Optional.empty()
                : pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static String waitingReason(ContainerStatus cs) {
        String reason = cs.getState() != null && cs.getState().getWaiting() != null ? cs.getState().getWaiting().getReason() : null;
        return reason == null ? "" : reason;
    }

    private static boolean running(ContainerStatus cs) {
        return cs.getState() != null && cs.getState().getRunning() != null;
    }

    private static Optional<Duration> runningFor(KubeSnapshot s, ContainerStatus cs) {
        if (!running(cs) || cs.getState().getRunning().getStartedAt() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.between(Instant.parse(cs.getState().getRunning().getStartedAt()), s.takenAt()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<ContainerStateTerminated> lastTermination(ContainerStatus cs) {
        return Optional.ofNullable(cs.getLastState()).map(st -> st.getTerminated());
    }

    private static Optional<ContainerStateTerminated> oom(ContainerStatus cs) {
        Optional<ContainerStateTerminated> now = Optional.ofNullable(cs.getState()).map(st -> st.getTerminated());
        return now.filter(t -> "OOMKilled".equals(t.getReason()))
                .or(() -> lastTermination(cs).filter(t -> "OOMKilled".equals(t.getReason())));
    }

    private static String terminated(ContainerStateTerminated t) {
        return "exit code " + t.getExitCode() + (t.getReason() == null ? "" : " (" + t.getReason() + ")")
                + (t.getFinishedAt() == null ? "" : " at " + t.getFinishedAt());
    }

    private static int restarts(ContainerStatus cs) {
        return cs.getRestartCount() == null ? 0 : cs.getRestartCount();
    }

    private static List<String> logLines(KubeSnapshot s, Pod pod, ContainerStatus cs) {
        List<String> tail = s.logTail(name(pod), cs.getName());
        if (tail.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add("last log lines:");
        tail.forEach(l -> lines.add("  | " + l));
        return lines;
    }

    private static String selectorText(Map<String, String> selector) {
        return String.join(",", new java.util.TreeMap<>(selector).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    static String doubled(Quantity limit) {
        BigDecimal bytes = Quantity.getAmountInBytes(limit).multiply(BigDecimal.valueOf(2));
        long mib = bytes.divide(BigDecimal.valueOf(1024L * 1024)).longValue();
        return mib % 1024 == 0 ? (mib / 1024) + "Gi" : mib + "Mi";
    }

    static String suffix(String message) {
        return message == null || message.isBlank() ? "" : ": " + message;
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s < 120 ? s + "s" : s < 7200 ? (s / 60) + "m" : s < 172800 ? (s / 3600) + "h" : (s / 86400) + "d";
    }
}
