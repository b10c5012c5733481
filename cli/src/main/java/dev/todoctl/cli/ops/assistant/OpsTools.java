package dev.todoctl.cli.ops.assistant;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.TargetContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The assistant's tools (langchain4j reads the {@link Tool} annotations). Read-only tools run freely; every
 * mutating tool only builds a {@link PlannedChange} and hands it to the {@link Confirmation} gate — this class has
 * no way to run a change itself. Tools never throw: failures become text the model can explain, and every call
 * is recorded for {@code --output json}.
 */
public final class OpsTools {
    public static final List<String> NAMES = List.of("status", "list_components", "describe_component", "events", "logs",
            "history", "diagnose", "resource_usage", "scale", "restart", "rollback", "set_value");
    public static final List<String> MUTATING = List.of("scale", "restart", "rollback", "set_value");

    private final TargetInspector inspector;
    private final ChangePlanner planner;
    private final Confirmation gate;
    // no Target field: reads go through the inspector, changes through planned changes and the gate
    private final Supplier<String> diagnosis;
    private final List<ToolCall> calls = new ArrayList<>();

    public OpsTools(Target target, TargetContext ctx, Confirmation gate, DiagnosisSource diagnosis) {
        this.inspector = new TargetInspector(target, ctx);
        this.planner = new ChangePlanner(target, ctx, inspector, ctx.config().readyTimeout(), true);
        this.gate = gate;
        this.diagnosis = () -> diagnosis.diagnose(target);
    }

    /** Every call so far, in order. */
    public synchronized List<ToolCall> calls() {
        return List.copyOf(calls);
    }

    @Tool(name = "status", value = "Overall health of the deployment: healthy or not, each component's ready/desired "
            + "replicas, and URLs. Use for 'is everything healthy?'.")
    public String status() {
        return read("status", Map.of(), inspector::status);
    }

    @Tool(name = "list_components", value = "List the deployed components (api, web, database) with readiness and image.")
    public String listComponents() {
        return read("list_components", Map.of(), inspector::listComponents);
    }

    @Tool(name = "describe_component", value = "Details of one component: readiness, image, detail, URL.")
    public String describeComponent(@P(name = "component", description = "api, web or database") String component) {
        return read("describe_component", args("component", component), () -> inspector.describe(component));
    }

    @Tool(name = "events", value = "Recent platform events for the release or one component (Kubernetes events; "
            + "container states on docker). Use to find why something does not start.")
    public String events(@P(name = "component", description = "api, web or database; omit for all", required = false)
                         String component) {
        return read("events", args("component", component), () -> inspector.events(component));
    }

    @Tool(name = "logs", value = "The last lines of a component's logs.")
    public String logs(@P(name = "component", description = "api or web; omit for both", required = false) String component,
                       @P(name = "lines", description = "how many of the last lines, 1-500 (default 50)", required = false)
                       Integer lines) {
        Map<String, Object> args = args("component", component);
        if (lines != null) {
            args.put("lines", lines);
        }
        return read("logs", args, () -> inspector.logs(component, lines == null ? 50 : lines));
    }

    @Tool(name = "history", value = "Revisions of the Helm release (kubernetes target): status, images, time.")
    public String history() {
        return read("history", Map.of(), inspector::history);
    }

    @Tool(name = "diagnose", value = "Run todoctl's diagnosis rules on the deployment and report findings with fixes.")
    public String diagnose() {
        return read("diagnose", Map.of(), diagnosis);
    }

    @Tool(name = "resource_usage", value = "Current memory and CPU use per component, highest memory first. Use for "
            + "'what uses the most memory?'.")
    public String resourceUsage() {
        return read("resource_usage", Map.of(), inspector::resourceUsage);
    }

    @Tool(name = "scale", value = "Change the number of replicas of a component (kubernetes only). Asks the user to "
            + "confirm before changing anything.")
    public String scale(@P(name = "component", description = "api or web") String component,
                        @P(name = "replicas", description = "the new number of replicas") Integer replicas) {
        Map<String, Object> args = args("component", component);
        args.put("replicas", replicas);
        return change("scale", args, () -> replicas == null ? Plan.notPossible("Say how many replicas.")
                : planner.scale(component, replicas));
    }

    @Tool(name = "restart", value = "Restart a component in place (rolling restart on kubernetes). Asks the user to "
            + "confirm before changing anything.")
    public String restart(@P(name = "component", description = "api, web or database") String component) {
        return change("restart", args("component", component), () -> planner.restart(component));
    }

    @Tool(name = "rollback", value = "Roll the Helm release back to an earlier revision (default: the last good one "
            + "before the current). Asks the user to confirm before changing anything.")
    public String rollback(@P(name = "revision", description = "revision number to go back to; omit for the last "
            + "good one", required = false) Integer revision) {
        Map<String, Object> args = new LinkedHashMap<>();
        if (revision != null) {
            args.put("revision", revision);
        }
        return change("rollback", args, () -> planner.rollback(revision));
    }

    @Tool(name = "set_value", value = "Set a chart value (e.g. api.env.LOG_LEVEL=debug) on the Helm release and wait "
            + "for the rollout. Asks the user to confirm before changing anything.")
    public String setValue(@P(name = "key", description = "chart value path, e.g. api.env.LOG_LEVEL") String key,
                           @P(name = "value", description = "the new value") String value) {
        Map<String, Object> args = args("key", key);
        args.put("value", value);
        return change("set_value", args, () -> planner.setValue(key, value));
    }

    private String read(String name, Map<String, Object> args, Supplier<String> work) {
        String result = guarded(work);
        record(new ToolCall(name, args, false, null, result, null));
        return result;
    }

    private String change(String name, Map<String, Object> args, Supplier<Plan> planning) {
        Plan plan;
        try {
            plan = planning.get();
        } catch (TodoctlException e) {
            plan = Plan.notPossible(failure(e));
        } catch (RuntimeException e) {
            plan = Plan.notPossible("Could not plan it: " + e.getMessage());
        }
        return switch (plan) {
            case Plan.NotPossible n -> {
                record(new ToolCall(name, args, true, null, n.reason(), null));
                yield n.reason();
            }
            case PlannedChange change -> {
                Confirmation.Outcome outcome = gate.submit(change);
                record(new ToolCall(name, args, true, outcome.approved(), outcome.message(), outcome));
                yield outcome.message();
            }
        };
    }

    private static String guarded(Supplier<String> work) {
        try {
            return work.get();
        } catch (TodoctlException e) {
            return failure(e);
        } catch (RuntimeException e) {
            return "Failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static String failure(TodoctlException e) {
        return "Failed: " + e.getMessage() + (e.suggestions().isEmpty() ? "" : " (fix: " + String.join("; ", e.suggestions()) + ")");
    }

    private synchronized void record(ToolCall call) {
        calls.add(call);
    }

    private static Map<String, Object> args(String key, Object value) {
        Map<String, Object> args = new LinkedHashMap<>();
        if (value != null) {
            args.put(key, value);
        }
        return args;
    }
}
