package dev.todoctl.validation;

import java.util.Map;
import java.util.Optional;

/**
 * Target-specific actions validation cannot do over HTTP: the cli implements this per target (kubernetes,
 * docker, local). Every method has an "unsupported" default, so a bare base URL works with {@link #NONE} and the
 * checks that need a hook are reported as skipped with the reason.
 */
public interface TargetHooks {

    /** No hooks: only the base URLs are known. */
    TargetHooks NONE = new TargetHooks() {
    };

    /** Short name for reports, e.g. "kubernetes (kind-todo)". */
    default String describe() {
        return "base URL only";
    }

    /** Whether {@link #restartApi()} does something. */
    default boolean canRestartApi() {
        return false;
    }

    /**
     * Restarts the api (every replica) and returns once the restart was initiated or completed; validation then
     * polls readiness itself and reports the recovery time.
     */
    default void restartApi() throws Exception {
        throw new UnsupportedOperationException("this target cannot restart the api");
    }

    /** Recent log text per component ("api", "web", ...), or empty when logs cannot be fetched. */
    default Optional<Map<String, String>> recentLogs() {
        return Optional.empty();
    }

    /**
     * Plain configuration the target exposes (ConfigMap entries, non-secret env), keyed e.g. "configmap/api/LOG_LEVEL",
     * or empty when unsupported. Used to check no secret value leaked into plain configuration.
     */
    default Optional<Map<String, String>> plainConfig() {
        return Optional.empty();
    }

    /**
     * Where each environment variable of the api's container comes from (name → source), or empty when the target
     * has no notion of Secret references (a plain Docker engine passes secrets as container env). Used to check that
     * secrets reach the api through Secret references and not as values written into the workload.
     */
    default Optional<Map<String, EnvSource>> apiEnvSources() {
        return Optional.empty();
    }
}
