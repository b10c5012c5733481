package dev.todoctl.cli.targets;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.rollout.RolloutResult;
import dev.todoctl.cli.verify.VerifyResult;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The capability behind {@code todoctl history} and {@code todoctl rollback}: the release's revisions, oldest first,
 * and a rollback that makes a new revision from an earlier one's images and configuration, waits for it and
 * smoke-checks it. Kubernetes keeps them as Helm release records, docker and local in the state directory.
 */
public interface Revisions {
    /** Where the revisions live, for messages: "in namespace demo", "on the docker target". */
    String where();

    /** Oldest first; empty when the release was never deployed. */
    List<Revision> history();

    /**
     * Puts revision {@code to} back (default: the last good revision before the current one) as a new revision,
     * waits for it until {@code timeout} and smoke-checks it unless {@code verify} is false. Any failure is a
     * {@link Phase#ROLLBACK} error (exit 70); nothing is changed when the revision cannot be used.
     */
    RollbackResult rollback(Optional<Integer> to, boolean verify, Duration timeout);

    /** What a rollback did: from which revision, back to which, as which new revision, and the checks after. */
    record RollbackResult(String release, int from, int to, int revision, RolloutResult rollout, VerifyResult verify) {
    }

    /**
     * The revision a rollback goes back to: {@code to} when given and known, else the last good one before the
     * current; refused (exit 70, nothing changed) otherwise. Shared so every target answers the same way.
     */
    static Revision choose(String release, List<Revision> history, Optional<Integer> to) {
        if (history.isEmpty()) {
            throw new TodoctlException(Phase.ROLLBACK, "release " + release + " has no revisions",
                    List.of("deploy it first: `todoctl up`"));
        }
        Revision current = history.getLast();
        if (to.isPresent()) {
            int n = to.get();
            return history.stream().filter(r -> r.number() == n).findFirst().orElseThrow(() -> new TodoctlException(
                    Phase.ROLLBACK, "release " + release + " has no revision " + n + " (revisions: "
                    + String.join(", ", history.stream().map(r -> String.valueOf(r.number())).toList()) + ")",
                    List.of("`todoctl history` lists the revisions")));
        }
        return history.stream().filter(r -> r.number() < current.number() && r.good())
                .reduce((a, b) -> b).orElseThrow(() -> new TodoctlException(Phase.ROLLBACK,
                        "no good revision before revision " + current.number() + " to go back to",
                        List.of("`todoctl history` lists the revisions")));
    }
}
