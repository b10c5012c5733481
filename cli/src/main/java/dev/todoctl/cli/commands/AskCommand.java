package dev.todoctl.cli.commands;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.ops.assistant.Assistant;
import dev.todoctl.cli.ops.assistant.AssistantSettings;
import dev.todoctl.cli.ops.assistant.Confirmation;
import dev.todoctl.cli.ops.assistant.DiagnosisSource;
import dev.todoctl.cli.ops.diagnose.Diagnoser;
import dev.todoctl.cli.ops.assistant.OpsTools;
import dev.todoctl.cli.ops.assistant.ToolCall;
import dev.todoctl.cli.targets.DeployFlags;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.TargetContext;
import dev.todoctl.cli.targets.selection.TargetSelector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@Command(name = "ask", sortOptions = false,
        description = {"Ask the operations assistant about the deployment, in plain words. It reads status, logs, "
                + "events, history and resource use freely; changes (scale, restart, rollback, set a chart value) are shown "
                + "as a plan first "
                + "and need a yes: a prompt on a terminal, or --yes. Without a terminal and without --yes a change is "
                + "refused and the exit code is 2.",
                "Model: the built-in offline intent model (default, no key), any OpenAI-compatible server, or "
                        + "Anthropic (--provider, or TODOCTL_AI_PROVIDER / TODOCTL_AI_MODEL / TODOCTL_AI_BASE_URL / "
                        + "TODOCTL_AI_API_KEY)."},
        footerHeading = "%nExamples:%n",
        footer = {"  todoctl ask \"is everything healthy?\"",
                "  todoctl ask \"why is the web not starting?\"",
                "  todoctl ask \"what uses the most memory?\" --target docker",
                "  todoctl ask --yes \"scale the api to 3 replicas\"",
                "  todoctl ask -o json \"roll back to revision 2\"   # {answer, tool_calls:[...]}",
                "  todoctl ask \"set api.env.LOG_LEVEL to debug\"",
                "  TODOCTL_AI_BASE_URL=http://localhost:11434/v1 TODOCTL_AI_MODEL=llama3.1 \\",
                "    todoctl ask --provider openai \"show the api logs\""})
public final class AskCommand extends TargetedCommand {
    @Parameters(arity = "1..*", paramLabel = "QUESTION", description = "The question or request (quote it).")
    List<String> question;

    @Option(names = {"-y", "--yes"}, description = "Approve the changes the assistant plans, without asking.")
    boolean yes;

    @Option(names = "--force", description = "Helm's --force for the changes that make a new revision (rollback, "
            + "set_value): replace objects instead of patching them.")
    boolean force;

    @Option(names = "--no-verify", description = "Skip the smoke check after such a change's rollout.")
    boolean noVerify;

    @Option(names = "--provider", paramLabel = "PROVIDER",
            description = "offline (default), openai or anthropic; overrides ai.provider.")
    String provider;

    @Override
    protected int run() {
        String text = String.join(" ", question).strip();
        if (text.isEmpty()) {
            throw TodoctlException.usage("the question is empty", "ask something, e.g. todoctl ask \"is everything healthy?\"");
        }
        TodoctlConfig cfg = targetedConfig();
        AssistantSettings settings = AssistantSettings.from(cfg, Optional.ofNullable(provider));
        TargetContext ctx = targetContext(cfg);
        Target target = TargetSelector.standard(new DeployFlags(force, true, !noVerify, Map.of(), Map.of())).current(ctx);
        PrintWriter prompt = spec.commandLine().getErr();
        Confirmation gate = Confirmation.forCommand(yes, env().tty(),
                new InputStreamReader(System.in, StandardCharsets.UTF_8), prompt);
        DiagnosisSource diagnosis = t -> Diagnoser.text(new Diagnoser().diagnose(t));
        OpsTools tools = new OpsTools(target, ctx, gate, diagnosis);
        Assistant.Reply reply;
        try {
            reply = new Assistant(Assistant.model(settings)).ask(text, tools);
        } catch (RuntimeException e) {
            throw new TodoctlException(Phase.USAGE, "the " + settings.provider().name().toLowerCase(java.util.Locale.ROOT)
                    + " model did not answer: " + e.getMessage(),
                    List.of("check ai.base-url, ai.model and the API key (`todoctl config view`)",
                            "or use the built-in model: --provider offline"), e);
        }
        if (format().machine()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("answer", reply.answer());
            doc.put("tool_calls", reply.toolCalls().stream().map(ToolCall::document).toList());
            renderer().print(doc);
        } else {
            console().result().println(reply.answer());
            console().result().flush();
        }
        if (reply.refusedUnconfirmed()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("error: a change was not made because it needs confirmation and there is no terminal to ask on");
            err.println("  fix: rerun with --yes to approve it: todoctl ask --yes \"" + text + "\"");
            err.flush();
            return Phase.USAGE.exitCode();
        }
        return 0;
    }
}
