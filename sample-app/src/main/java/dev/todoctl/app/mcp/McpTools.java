package dev.todoctl.app.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.todoctl.app.chat.tools.TaskTools;
import dev.todoctl.app.chat.tools.ToolMetrics;
import dev.todoctl.app.tasks.TaskService;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MCP view of {@link TaskTools}: tool definitions and input schemas are derived from the same annotated
 * methods the chat agent uses (via langchain4j's {@link ToolSpecifications}), and calls go through langchain4j's
 * own argument binding ({@link DefaultToolExecutor}) into a {@link TaskTools} bound to the caller. One
 * implementation of the five tools, two adapters.
 */
final class McpTools {
    private final TaskService tasks;
    private final ToolMetrics metrics;
    private final Map<String, Method> methods = new LinkedHashMap<>();
    private final List<Map<String, Object>> definitions = new ArrayList<>();
    private final Map<String, Map<String, Object>> schemas = new LinkedHashMap<>();

    McpTools(TaskService tasks, ToolMetrics metrics) {
        this.tasks = tasks;
        this.metrics = metrics;
        for (Method m : TaskTools.class.getDeclaredMethods()) {
            if (m.isAnnotationPresent(Tool.class)) {
                ToolSpecification spec = ToolSpecifications.toolSpecificationFrom(m);
                methods.put(spec.name(), m);
            }
        }
        for (String name : TaskTools.NAMES) {
            ToolSpecification spec = ToolSpecifications.toolSpecificationFrom(methods.get(name));
            Map<String, Object> def = new LinkedHashMap<>();
            def.put("name", spec.name());
            def.put("description", spec.description());
            def.put("inputSchema", inputSchema(spec));
            schemas.put(name, inputSchema(spec));
            definitions.add(def);
        }
    }

    List<Map<String, Object>> definitions() {
        return definitions;
    }

    boolean exists(String name) {
        return methods.containsKey(name);
    }

    /**
     * Runs a tool for the given user. Returns the tool's JSON result; throws {@link IllegalArgumentException} when
     * the arguments do not match the declared inputSchema or cannot be bound (JSON-RPC "invalid params").
     */
    String call(long userId, String name, JsonNode arguments) {
        String problem = ArgumentCheck.problem(schemas.get(name), arguments);
        if (problem != null) {
            // The same JSON-RPC "invalid params" as arguments langchain4j cannot bind: one answer for one mistake.
            metrics.record(name, false);
            throw new IllegalArgumentException("invalid arguments for " + name + ": " + problem);
        }
        Method method = methods.get(name);
        DefaultToolExecutor executor = DefaultToolExecutor.builder()
                .object(new TaskTools(tasks, userId, metrics))
                .originalMethod(method)
                .methodToInvoke(method)
                .wrapToolArgumentsExceptions(true)
                .propagateToolExecutionExceptions(true)
                .build();
        ToolExecutionRequest request = ToolExecutionRequest.builder()
                .id("mcp")
                .name(name)
                .arguments(arguments.toString())
                .build();
        try {
            return executor.execute(request, "mcp-" + userId);
        } catch (RuntimeException e) {
            metrics.record(name, false);
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException("invalid arguments for " + name + ": " + cause.getMessage(), e);
        }
    }

    private static Map<String, Object> inputSchema(ToolSpecification spec) {
        if (spec.parameters() == null) {
            return Map.of("type", "object", "properties", Map.of());
        }
        Map<String, Object> schema = new LinkedHashMap<>(JsonSchemaElementUtils.toMap(spec.parameters()));
        schema.putIfAbsent("type", "object");
        return schema;
    }
}
