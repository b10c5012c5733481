package dev.todoctl.cli.commands;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.ops.Check;
import dev.todoctl.cli.ops.Doctor;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.Map;

@Command(name = "doctor", sortOptions = false,
        description = "Check this machine: Java, build tool, Docker engine and API version, kube context, "
                + "minikube/kind, free disk, free ports. One line per check with its fix; exit 2 when something the "
                + "chosen target needs is missing (default target: local, or --target).",
        footerHeading = "%nExamples:%n",
        footer = {"  todoctl doctor", "  todoctl doctor --target docker", "  todoctl doctor -o json"})
public final class DoctorCommand extends TargetedCommand {
    @Override
    protected int run() {
        TodoctlConfig cfg = targetedConfig();
        String needed = "auto".equals(cfg.target()) ? "local" : cfg.target();
        List<Check> checks = new Doctor(targetContext(cfg)).run();
        List<Check> blocking = checks.stream().filter(c -> c.blocks(needed)).toList();
        if (format().machine()) {
            Map<String, Object> doc = new java.util.LinkedHashMap<>(); // in this order in every JVM (Map.of's is not)
            doc.put("target", needed);
            doc.put("ok", blocking.isEmpty());
            doc.put("checks", checks);
            renderer().print(doc);
            return blocking.isEmpty() ? 0 : Phase.USAGE.exitCode();
        } else {
            for (Check c : checks) {
                String mark = switch (c.status()) {
                    case OK -> "✓";
                    case WARN -> "!";
                    case FAIL -> c.neededBy().contains(needed) ? "✗" : "-";
                };
                console().result().println(mark + " " + String.format("%-11s", c.name()) + c.detail()
                        + (c.fix().isEmpty() ? "" : "\n" + " ".repeat(13) + "fix: " + c.fix()));
            }
            console().result().flush();
        }
        if (!blocking.isEmpty()) {
            throw new TodoctlException(Phase.USAGE, "the " + needed + " target needs: "
                    + String.join(", ", blocking.stream().map(Check::name).toList()),
                    blocking.stream().map(Check::fix).toList());
        }
        return 0;
    }
}
