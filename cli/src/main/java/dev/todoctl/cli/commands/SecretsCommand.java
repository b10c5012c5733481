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
            description = {"jwt: a new JWT signing key; the old one stays accepted (JWT_ACCEPTED_SECRETS) so sessions survive "
                    + "until their tokens expire. kubernetes: two rolling phases of the api (every pod accepts the "
                    + "new key, then every pod signs with it) — no pod refuses another's tokens. docker/local: the api "
                    + "restarts with both keys as a new revision (a few seconds without api).",
                    "database: the api moves to the other of two PostgreSQL login roles (<user>, <user>_b) with a new "
                    + "password, then the old role's password is replaced by a random one nobody keeps. kubernetes: "
                    + "one rolling restart of the api, no failed request; refused (exit 2, nothing changed) while a "
                    + "rollout runs, with secrets.existingSecret, with an external database, or while PostgreSQL is not "
                    + "ready. docker: the api container restarts (a few seconds without api). local: refused (embedded "
                    + "H2, no password).",
                    "Secret values are never printed."},
            footerHeading = "%nExamples:%n",
            footer = {"  todoctl secrets rotate jwt", "  todoctl secrets rotate jwt --target kubernetes -o json",
                    "  todoctl secrets rotate database --target kubernetes"})
    public static final class Rotate extends TargetedCommand {
        @Parameters(paramLabel = "SECRET", description = "jwt or database.")
        String secret;

        @Override
        protected int run() {
            if (!"jwt".equals(secret) && !"database".equals(secret)) {
                throw TodoctlException.usage("todoctl rotates 'jwt' or 'database' ('" + secret + "' given)",
                        "`todoctl secrets rotate jwt` or `todoctl secrets rotate database`");
            }
            TargetContext ctx = targetContext(targetedConfig());
            Target target = TargetSelector.standard().current(ctx);
            SecretRotation rotation = target.secretRotation().orElseThrow(() -> TodoctlException.usage("the "
                    + target.name() + " target cannot rotate secrets", "use --target kubernetes, docker or local"));
            SecretRotation.Rotated r = "jwt".equals(secret) ? rotation.rotateJwt(ctx.config().readyTimeout())
                    : rotation.rotateDatabase(ctx.config().readyTimeout());
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
                console().result().println("rotated the " + ("jwt".equals(secret) ? "JWT key" : "database password")
                        + " of " + ctx.config().release() + " on " + target.name());
                console().result().flush();
            }
            return 0;
        }
    }
}
