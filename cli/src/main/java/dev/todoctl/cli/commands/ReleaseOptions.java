package dev.todoctl.cli.commands;

import dev.todoctl.cli.targets.kubernetes.EnvFile;
import dev.todoctl.cli.targets.DeployFlags;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Options of the commands that change a Helm release: chart values, secrets, atomicity, Helm's --force. */
public final class ReleaseOptions {
    @Option(names = "--helm-set", paramLabel = "KEY=VALUE",
            description = "A chart value, as helm --set (e.g. api.replicas=2); repeatable. Not for secrets: use --env-file.")
    Map<String, String> helmSets = new LinkedHashMap<>();

    @Option(names = "--tag", paramLabel = "TAG", description = "Image tag of api and web (default: the chart's appVersion).")
    String tag;

    @Option(names = "--env-file", paramLabel = "FILE",
            description = "KEY=VALUE secrets for the api (e.g. OPENAI_API_KEY), put into a Secret of their own; never "
                    + "passed to Helm, written to disk or printed. OPENAI_API_KEY/ANTHROPIC_API_KEY are also read from the environment.")
    Path envFile;

    @Option(names = "--no-atomic", negatable = false,
            description = "Leave a failed revision in place instead of rolling back to the last good one.")
    boolean noAtomic;

    @Option(names = "--force", description = "Helm's --force: replace objects instead of patching them.")
    boolean force;

    @Option(names = "--no-verify", description = "Skip the smoke check after the rollout.")
    boolean noVerify;

    DeployFlags flags(Path cwd) {
        Map<String, String> sets = new LinkedHashMap<>();
        if (tag != null) {
            sets.put("api.image.tag", tag);
            sets.put("web.image.tag", tag);
        }
        sets.putAll(helmSets);
        Map<String, String> secrets = envFile == null ? Map.of() : EnvFile.read(cwd.resolve(envFile));
        return new DeployFlags(force, !noAtomic, !noVerify, sets, secrets);
    }
}
