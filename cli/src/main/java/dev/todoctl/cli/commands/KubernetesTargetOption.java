package dev.todoctl.cli.commands;

import dev.todoctl.cli.outcome.TodoctlException;
import picocli.CommandLine.Option;

import java.util.Map;

/**
 * {@code --target} on the commands that act on a Helm release, which only the kubernetes target has: accepted, so
 * one command line works for every command (scripts, the fix lines {@code diagnose} prints), and refused with exit 2
 * and the reason for any other target.
 */
public final class KubernetesTargetOption {
    @Option(names = {"-t", "--target"}, paramLabel = "TARGET",
            description = "kubernetes (the only target with Helm releases; others are refused).")
    String target;

    /** The flag map that selects kubernetes, after checking that nothing else was asked for. */
    Map<String, String> flags(String command) {
        if (target != null && !target.equals("kubernetes")) {
            throw TodoctlException.usage("`todoctl " + command + "` works on Helm releases, which only the kubernetes "
                    + "target has (--target " + target + " given)", "leave out --target, or use --target kubernetes");
        }
        return Map.of("target", "kubernetes");
    }
}
