package dev.todoctl.cli.targets;

import dev.todoctl.cli.rollout.RolloutResult;
import dev.todoctl.cli.verify.VerifyResult;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Changing chart values of the running release ({@code helm upgrade --reuse-values --set}) as a new revision, with
 * the rollout wait and smoke check, atomic like {@code deploy}. Only a target with a Helm release has it.
 */
public interface ChartValuesEditor {
    /** The running revision and its user-supplied values (nested maps as Helm stores them). */
    record Current(String release, String namespace, int revision, Map<String, Object> values) {
    }

    record Changed(String release, int from, int revision, RolloutResult rollout, VerifyResult verify) {
    }

    Optional<Current> current();

    Changed set(Map<String, String> values, Duration timeout);
}
