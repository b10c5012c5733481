package dev.todoctl.cli.commands;

import dev.todoctl.cli.ui.OutputFormat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.LinkedHashMap;
import java.util.Map;

@Command(name = "version", description = "Print the todoctl version, the Java runtime and the platform.",
        footerHeading = "%nExamples:%n", footer = {"  todoctl version", "  todoctl version -o json"})
public final class VersionCommand extends TodoctlCommand {
    @Mixin
    OutputOption output;

    @Override
    protected OutputFormat format() {
        return output.format();
    }

    @Override
    protected int run() {
        Map<String, String> info = info();
        if (format().machine()) {
            renderer().print(info);
        } else {
            info.forEach((k, v) -> console().result().println(String.format("%-8s %s", k, v)));
            console().result().flush();
        }
        return 0;
    }

    static Map<String, String> info() {
        Map<String, String> info = new LinkedHashMap<>();
        // Every package of the jar carries the manifest's Implementation-Version.
        String version = VersionCommand.class.getPackage().getImplementationVersion();
        info.put("todoctl", version == null ? "development build" : version);
        info.put("java", Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
        info.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return info;
    }

    /** For {@code todoctl --version}. */
    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return info().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toArray(String[]::new);
        }
    }
}
