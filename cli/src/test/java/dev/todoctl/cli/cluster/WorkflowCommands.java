package dev.todoctl.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code todoctl} command lines of a GitHub Actions workflow, as its {@code run:} steps hold them (continuation
 * lines joined), run through bash with the installed launcher first on PATH — so an option the workflow uses that
 * todoctl does not have fails here, not in a user's copy of the workflow.
 */
final class WorkflowCommands {
    private WorkflowCommands() {
    }

    static List<String> todoctlLines(Path workflow) throws IOException {
        JsonNode root = new YAMLMapper().readTree(workflow.toFile());
        List<String> lines = new ArrayList<>();
        for (JsonNode job : root.path("jobs")) {
            for (JsonNode step : job.path("steps")) {
                String run = step.path("run").asText("");
                for (String line : run.replace("\\\n", " ").split("\n")) {
                    String command = line.strip();
                    if (command.startsWith("todoctl ")) {
                        lines.add(command);
                    }
                }
            }
        }
        return lines;
    }

    /** {@code command} through {@code bash -c}, as the runner's shell runs it, with {@code vars} exported. */
    static Installed.Run runInBash(Installed todoctl, String command, Map<String, String> vars, Duration limit) {
        Map<String, String> env = new HashMap<>(todoctl.env());
        env.putAll(vars);
        env.put("PATH", todoctl.launcher().getParent() + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        Installed bash = new Installed(Path.of("/bin/bash"), todoctl.cwd(), env);
        return bash.run(limit, "-euo", "pipefail", "-c", command);
    }
}
