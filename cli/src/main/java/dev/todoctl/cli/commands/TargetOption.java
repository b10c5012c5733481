package dev.todoctl.cli.commands;

import picocli.CommandLine.Option;

import java.util.Optional;

/** {@code --target}: overrides the {@code target} setting (and auto-selection). */
public final class TargetOption {
    @Option(names = {"-t", "--target"}, paramLabel = "TARGET", completionCandidates = TargetOption.Names.class,
            description = "kubernetes, docker or local (default: auto — kubernetes if a kube context answers, "
                    + "else docker if an engine answers, else local).")
    String target;

    public Optional<String> target() {
        return Optional.ofNullable(target);
    }

    static final class Names extends java.util.ArrayList<String> {
        Names() {
            super(dev.todoctl.cli.config.Settings.TARGETS);
        }
    }
}
