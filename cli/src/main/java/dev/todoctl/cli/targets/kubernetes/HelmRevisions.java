package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.deploy.DeployResult;
import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.rollout.RolloutResult;
import dev.todoctl.cli.targets.ChartValuesEditor;
import dev.todoctl.cli.targets.Revision;
import dev.todoctl.cli.targets.Revisions;
import dev.todoctl.cli.verify.VerifyResult;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kubernetes target's revisions are the Helm release's records: history reads them, rollback is Helm's
 * rollback (a new revision from revision N's chart and values), and chart values change by {@code helm upgrade
 * --reuse-values --set}; each then waits for the rollout and smoke-checks.
 */
final class HelmRevisions implements Revisions, ChartValuesEditor {
    private final KubernetesTarget target;

    HelmRevisions(KubernetesTarget target) {
        this.target = target;
    }

    private String release() {
        return target.context().config().release();
    }

    @Override
    public String where() {
        return "in namespace " + target.context().config().kubernetes().namespace();
    }

    @Override
    public List<Revision> history() {
        target.requireReachable();
        return target.helm().history().stream().map(HelmRevisions::revision).toList();
    }

    static Revision revision(ReleaseRecord r) {
        return new Revision(r.revision(), r.lastDeployed(), r.status(), r.chartName() + "-" + r.chartVersion(),
                r.appVersion(), r.images(), r.description());
    }

    @Override
    public RollbackResult rollback(Optional<Integer> to, boolean verify, Duration timeout) {
        try {
            target.requireReachable();
            HelmService helm = target.helm();
            List<ReleaseRecord> records = helm.history();
            Revision chosen = Revisions.choose(release() + " (namespace " + target.kube().namespace() + ")",
                    records.stream().map(HelmRevisions::revision).toList(), to);
            ReleaseRecord current = records.getLast();
            ReleaseRecord back = records.stream().filter(r -> r.revision() == chosen.number()).findFirst().orElseThrow();
            target.context().console().info("rolling back " + release() + " from revision " + current.revision()
                    + " to revision " + back.revision() + " (" + String.join(", ", back.images()) + ")");
            int revision = Integer.parseInt(helm.rollbackTo(back).getRevision());
            DeployResult deploy = new DeployResult(release(), revision, true, Duration.ZERO, List.of());
            RolloutResult rollout = target.plainWatcher().await(deploy, target.context().clock().instant().plus(timeout));
            VerifyResult verify2 = verify ? target.verifier().verify(rollout) : KubernetesTarget.skipped();
            return new RollbackResult(release(), current.revision(), back.revision(), revision, rollout, verify2);
        } catch (TodoctlException e) {
            throw e.phase() == Phase.ROLLBACK ? e
                    : new TodoctlException(Phase.ROLLBACK, "rollback failed: " + e.getMessage(), e.suggestions(), e);
        }
    }

    @Override
    public Optional<Current> current() {
        target.requireReachable();
        return target.helm().current().map(r -> new Current(release(), target.kube().namespace(), r.revision(), r.config()));
    }

    /**
     * Sets chart values on the current revision, waits for the rollout and smoke-checks; atomic like {@code deploy}:
     * a rollout that fails puts the previous revision back.
     */
    @Override
    public Changed set(Map<String, String> values, Duration timeout) {
        target.requireReachable();
        HelmService helm = target.helm();
        ReleaseRecord current = helm.current().orElseThrow(() -> new TodoctlException(Phase.DEPLOY, "release "
                + release() + " is not deployed in namespace " + target.kube().namespace(),
                List.of("deploy it first: `todoctl up` or `todoctl deploy`")));
        int revision = Integer.parseInt(helm.setValues(current, values).getRevision());
        DeployResult deploy = new DeployResult(release(), revision, true, Duration.ZERO, List.of());
        RolloutResult rollout = target.watcher().await(deploy, target.context().clock().instant().plus(timeout));
        VerifyResult verify = target.verifier().verify(rollout);
        return new Changed(release(), current.revision(), revision, rollout, verify);
    }
}
