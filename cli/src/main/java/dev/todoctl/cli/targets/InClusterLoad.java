package dev.todoctl.cli.targets;

import dev.todoctl.scenarios.LoadPlan;
import dev.todoctl.scenarios.LoadResult;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Load from inside the target (kubernetes): generators as pods that reach the api through its Service, and the
 * api's own request counts per replica. Asked for with {@link Target#inClusterLoad()}.
 */
public interface InClusterLoad {

    /**
     * Everything that can be known before any load: the Job API is served, {@code generators} pods of the
     * generator's requests fit on the nodes, the image (when given) exists. Fails with a usage error and creates nothing.
     */
    void check(int generators, Optional<String> image);

    /** The generator image the nodes can run: {@code given}, or built from todoctl's own Gatling files and loaded. */
    String image(Optional<String> given);

    /** The api's Service as the generator pods reach it (its cluster IP: no DNS needed, no port-forward). */
    String serviceUrl();

    /**
     * Runs {@code plan} in {@code generators} pods (one Job) with {@code image}, {@code plan.users() / generators} users
     * each, and waits for them, {@code grace} past the plan's duration at most; the Job is deleted in every case.
     * {@code started} gets a way to stop it early (Ctrl-C): the Job is deleted and its running pods, stopped with
     * their grace period, still report what they measured.
     */
    Outcome run(LoadPlan plan, int generators, String image, Duration grace, Consumer<Runnable> started, Consumer<String> progress);

    /** Requests each ready api pod has served so far (by pod name), from its {@code /metrics}; health and metrics scrapes excluded. */
    ApiCounts apiRequestCounts();

    /** What the generators did: each one's part, and the parts merged into one run (absent when no generator reported). */
    record Outcome(String job, List<Generator> generators, Optional<LoadResult> merged) {
        public Outcome {
            generators = List.copyOf(generators);
        }

        public List<Generator> failed() {
            return generators.stream().filter(Generator::failed).toList();
        }
    }

    /**
     * One generator pod: {@code status} is {@code succeeded}, {@code stopped} (Ctrl-C: its users stopped early and it
     * reported), {@code failed} (non-zero exit, image not pulled, not scheduled, no result in its log, stopped before it
     * could report) or {@code straggled} (not done by the deadline); {@code reason} says why when not succeeded.
     */
    record Generator(String pod, String status, String reason, int users, long requests, long errors, double durationSeconds) {
        /** Failed or straggled: its part is missing from the merged figures, which fails the verdict. */
        public boolean failed() {
            return status.equals("failed") || status.equals("straggled");
        }
    }

    /** Per api pod, its request count; {@code unread} names pods whose metrics could not be read, and why. */
    record ApiCounts(Map<String, Long> byPod, Map<String, String> unread) {
        public ApiCounts {
            byPod = Map.copyOf(byPod);
            unread = Map.copyOf(unread);
        }
    }
}
