package dev.todoctl.cli.commands;

import dev.todoctl.cli.outcome.TodoctlException;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "completion",
        description = "Print a shell completion script (picocli AutoComplete). zsh uses the same script through "
                + "bashcompinit.",
        footerHeading = "%nExamples:%n",
        footer = {"  source <(todoctl completion bash)",
                "  todoctl completion bash > /etc/bash_completion.d/todoctl",
                "  echo 'autoload -U +X bashcompinit && bashcompinit; source <(todoctl completion zsh)' >> ~/.zshrc"})
public final class CompletionCommand extends TodoctlCommand {
    @Parameters(paramLabel = "SHELL", description = "bash or zsh")
    String shell;

    @Override
    protected int run() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw TodoctlException.usage("unsupported shell '" + shell + "'", "use bash or zsh");
        }
        // The root this command runs under models only this subcommand in full (see Todoctl.commandLine).
        CommandLine full = context().fullModel().apply(spec.commandLine().getOut(), spec.commandLine().getErr());
        String script = AutoComplete.bash("todoctl", full);
        if (shell.equals("zsh")) {
            script = "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + script;
        }
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
