package dev.todoctl.cli.commands;

import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.targets.SecretRotation;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.TargetContext;
import dev.todoctl.cli.targets.selection.TargetSelector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;

@Command(name = "secrets", description = "Rotate the release's secrets.", subcommands = SecretsCommand.Rotate.class)
public final class SecretsCommand extends TodoctlCommand {
    @Override
    protected int run() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "rotate", sortOptions = false,
            description = "A new JWT signing key; the old one stays accepted (JWT_ACCEPTED_SECRETS) so sessions survive "
                    + "until their tokens expire. kubernetes: two rolling phases of the api (every pod accepts the "
                    + "new key, then every pod signs with it) — no pod refuses another's tokens. docker/local: the api "
                    + "restarts with both keys as a new revision (a few seconds without api). Key values are never printed.",
            footerHeading = "%nExamples:%n",
            footer = {"  todoctl secrets rotate jwt", "  todoctl secrets rotate jwt --target kubernetes -o json"})
    public static final class Rotate extends TargetedCommand {
        @Parameters(paramLabel = "SECRET", description = "jwt (the database password is not rotated by todoctl yet).")
        String secret;

        @Override
        protected int run() {
            if (!"jwt".equals(secret)) {
                throw TodoctlException.usage("todoctl rotates the JWT key only ('" + secret + "' given)",
                        "`todoctl secrets rotate jwt`; the database password: ALTER ROLE in PostgreSQL, then the Secret");
            }
            TargetContext ctx = targetContext(targetedConfig());
            Target target = TargetSelector.standard().current(ctx);
            SecretRotation rotation = target.secretRotation().orElseThrow(() -> TodoctlException.usage("the "
                    + target.name() + " target cannot rotate secrets", "use --target kubernetes, docker or local"));
            SecretRotation.Rotated r = rotation.rotateJwt(ctx.config().readyTimeout());
            if (format().machine()) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("target", target.name());
                doc.put("secret", r.secret());
                doc.put("steps", r.steps());
                if (r.revision() > 0) {
                    doc.put("revision", r.revision());
                }
                renderer().print(doc);
            } else {
                r.steps().forEach(console()::info);
                console().result().println("rotated the JWT key of " + ctx.config().release() + " on " + target.name());
                console().result().flush();
            }
            return 0;
        }
    }
}
