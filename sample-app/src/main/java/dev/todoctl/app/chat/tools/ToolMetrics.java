package dev.todoctl.app.chat.tools;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts tool calls as {@code todo.chat.tool.calls{tool, outcome=ok|error}} ({@code todo_chat_tool_calls_total}). */
public final class ToolMetrics {
    public static final String METER = "todo.chat.tool.calls";

    private final MeterRegistry registry;

    public ToolMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String tool, boolean ok) {
        if (registry == null) {
            return;
        }
        Counter.builder(METER)
                .description("Tool calls made by the chat agent and MCP clients")
                .tag("tool", TaskTools.NAMES.contains(tool) ? tool : "unknown")
                .tag("outcome", ok ? "ok" : "error")
                .register(registry)
                .increment();
    }
}
