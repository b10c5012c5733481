package dev.todoctl.cli.commands;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.targets.Endpoints;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.selection.TargetSelector;
import dev.todoctl.cli.targets.ValidationTargets;
import dev.todoctl.validation.ValidationTarget;
import dev.todoctl.validation.contract.ContractChecker;
import dev.todoctl.validation.contract.ContractFreezer;
import dev.todoctl.validation.contract.ContractReport;
import dev.todoctl.validation.contract.OpenApiDocument;
import dev.todoctl.validation.report.SummaryTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

@Command(name = "contract", description = "Freeze the live API contract, or check a deployment against it.",
        subcommands = {ContractCommand.Freeze.class, ContractCommand.Check.class})
public final class ContractCommand extends TodoctlCommand {

    /** Without a subcommand (as images and resources): the usage, which lists freeze and check. */
    @Override
    protected int run() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Where the reviewed contract lives in the source tree. */
    static Path defaultFile(Path installDir) {
        return installDir.resolve("validation/src/main/resources/contracts/todo-api.yaml");
    }

    /** Shared by both subcommands: a URL given by hand, or the current target's release. */
    abstract static class ContractBase extends TodoctlCommand {
        @Mixin
        TargetOption target;
        @Mixin
        ConfigOptions config;
        @Option(names = "--base-url", paramLabel = "URL", description = "The api's base URL (instead of a target).")
        String baseUrl;

        /** Runs {@code check} against the URL given, or the current target's release through its endpoints. */
        int withTarget(java.util.function.ToIntFunction<ValidationTarget> check) {
            if (baseUrl != null) {
                return check.applyAsInt(ValidationTargets.of(baseUrl, Optional.empty()));
            }
            Target current = TargetSelector.standard().current(targetContext(loadConfig(config.request(targetFlag(target)))));
            try (Endpoints endpoints = current.openEndpoints()) {
                return check.applyAsInt(ValidationTargets.of(current, endpoints));
            }
        }
    }

    @Command(name = "freeze", description = "Fetch the live /openapi, normalise it (stable key order, no servers) "
            + "and write the frozen contract to review and commit.",
            footerHeading = "%nExamples:%n",
            footer = {"  todoctl contract freeze", "  todoctl contract freeze --base-url http://127.0.0.1:8080 -f api.yaml"})
    static final class Freeze extends ContractBase {
        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Output (default: the repository's "
                + "validation/src/main/resources/contracts/todo-api.yaml).")
        Path file;

        @Override
        protected int run() {
            Path out = file != null ? file : defaultFile(context().installDir());
            return withTarget(t -> {
                try {
                    new ContractFreezer(Duration.ofSeconds(10)).freeze(t.apiUrl(), out);
                } catch (IOException e) {
                    throw new TodoctlException(Phase.CONTRACT, "could not write " + out + ": " + e.getMessage(),
                            List.of("check the path and its permissions"));
                }
                console().result().println("frozen contract written to " + out);
                return 0;
            });
        }
    }

    @Command(name = "check", description = "Drift against the frozen contract (breaking vs compatible), "
            + "conformance of every operation, and negative probes. Exit 40 on failure.",
            footerHeading = "%nExamples:%n",
            footer = {"  todoctl contract check", "  todoctl contract check --base-url http://127.0.0.1:8080"})
    static final class Check extends ContractBase {
        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Frozen contract (default: the one "
                + "bundled with todoctl).")
        Path file;

        @Override
        protected int run() {
            ContractChecker checker;
            if (file != null) {
                if (!Files.isReadable(file)) {
                    throw new TodoctlException(Phase.USAGE, "cannot read " + file, List.of("give an existing file"));
                }
                try {
                    checker = new ContractChecker(OpenApiDocument.read(file));
                } catch (IOException | RuntimeException e) {
                    throw new TodoctlException(Phase.USAGE, "cannot parse " + file + ": " + e.getMessage(),
                            List.of("give an OpenAPI 3 document, e.g. one written by `todoctl contract freeze`"));
                }
            } else {
                checker = ContractChecker.bundled();
            }
            ContractChecker chosen = checker;
            return withTarget(t -> {
                ContractReport report = chosen.check(t);
                spec.commandLine().getOut().println(SummaryTable.render(report));
                return report.passed() ? 0 : Phase.CONTRACT.exitCode();
            });
        }
    }
}
