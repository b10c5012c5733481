package dev.todoctl.cli.commands;

import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.pipeline.PipelineListener;
import dev.todoctl.cli.outcome.StageResult;
import dev.todoctl.cli.ui.Console;

/** One line per finished stage ({@code ✓ build  up to date ... (0.2s)}), its evidence with --verbose. */
public final class StageLines implements PipelineListener {
    private final Console console;

    public StageLines(Console console) {
        this.console = console;
    }

    @Override
    public void started(String stage) {
        console.detail("→ " + stage);
    }

    @Override
    public void finished(StageResult result) {
        console.info(console.ok("✓") + " " + String.format("%-8s", result.stage()) + result.summary() + " "
                + console.dim("(" + Console.seconds(result.duration()) + ")"));
        result.evidence().forEach(e -> console.detail("    " + e));
    }

    @Override
    public void failed(String stage, TodoctlException failure) {
        console.info(console.bad("✗") + " " + String.format("%-8s", stage) + "failed");
    }
}
