package dev.todoctl.cli.targets;

import java.util.Map;

/**
 * What {@code up}/{@code deploy}/{@code rollback}/{@code ask} flags change about how a target deploys: Helm's
 * {@code --force}, atomic rollouts, the smoke check, chart {@code --set}s and secrets from an env file. Targets
 * without a chart ignore what has no meaning for them.
 */
public record DeployFlags(boolean force, boolean atomic, boolean verify, Map<String, String> helmSets,
                          Map<String, String> secrets) {
    public DeployFlags {
        helmSets = Map.copyOf(helmSets);
        secrets = Map.copyOf(secrets);
    }

    public static DeployFlags standard() {
        return new DeployFlags(false, true, true, Map.of(), Map.of());
    }
}
