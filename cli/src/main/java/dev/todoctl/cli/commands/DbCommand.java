package dev.todoctl.cli.commands;

import dev.todoctl.cli.ops.db.BackupManifest;
import dev.todoctl.cli.ops.db.DatabaseBackup;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.rollout.ComponentStatus;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.TargetContext;
import dev.todoctl.cli.targets.selection.TargetSelector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

@Command(name = "db", description = "Back up the release's database to a file, or restore one (every target).",
        subcommands = {DbCommand.Backup.class, DbCommand.Restore.class})
public final class DbCommand extends TodoctlCommand {
    @Override
    protected int run() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    static Map<String, Object> document(BackupManifest m, Path file) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("file", file.toString());
        doc.put("engine", m.engine());
        doc.put("target", m.target());
        doc.put("release", m.release());
        doc.put("created", m.created());
        doc.put("app_version", m.appVersion());
        doc.put("schema_version", m.schemaVersion());
        doc.put("tables", m.tables());
        doc.put("rows", m.rows());
        doc.put("bytes", m.bytes());
        doc.put("sha256", m.sha256());
        return doc;
    }

    @Command(name = "backup", sortOptions = false,
            description = "Write the release's data to one file: PostgreSQL by pg_dump inside its container or pod "
                    + "(docker exec, the Kubernetes exec API), local H2 by the app's own H2 tools (the local api is "
                    + "stopped for it: H2 allows one process on its file). The file is a gzip'd tar of manifest.json "
                    + "(app version, schema version, row counts, SHA-256) and the dump.",
            footerHeading = "%nExamples:%n",
            footer = {"  todoctl db backup", "  todoctl db backup -f backups/before-upgrade.tar.gz --target docker",
                    "  todoctl db backup -o json | jq .rows"})
    public static final class Backup extends TargetedCommand {
        @Option(names = {"-f", "--file"}, paramLabel = "FILE",
                description = "Where to write it (default: <release>-<target>-<UTC time>.tar.gz here). An existing file is kept unless --force.")
        Path file;

        @Option(names = "--force", description = "Replace FILE when it exists.")
        boolean force;

        @Override
        protected int run() {
            TargetContext ctx = targetContext(targetedConfig());
            Target target = TargetSelector.standard().current(ctx);
            Path out = file != null ? env().cwd().resolve(file) : env().cwd().resolve(ctx.config().release() + "-"
                    + target.name() + "-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                    .format(ctx.clock().instant().atOffset(ZoneOffset.UTC)) + ".tar.gz");
            if (Files.exists(out) && !force) {
                throw TodoctlException.usage(out + " exists; nothing was written", "choose another -f, or --force to replace it");
            }
            if (Files.isDirectory(out)) {
                throw TodoctlException.usage(out + " is a directory", "give a file name with -f");
            }
            String appVersion = target.status().components().stream().filter(c -> c.name().equals("api"))
                    .map(ComponentStatus::image).findFirst().orElse("unknown");
            BackupManifest m = new DatabaseBackup(target, console(), ctx.clock()).backup(out, appVersion);
            if (format().machine()) {
                renderer().print(document(m, out));
            } else {
                console().result().println("backed up " + m.rows() + " rows of " + m.tables().size() + " tables ("
                        + m.engine() + ", schema " + m.schemaVersion() + ") to " + out);
                console().result().flush();
            }
            return 0;
        }
    }

    @Command(name = "restore", sortOptions = false,
            description = "Replace the release's data with a backup's, after checking the file (complete, this app, "
                    + "its checksum), the engine, and that its schema is not newer than the deployment's. PostgreSQL: "
                    + "one transaction that also checks every table's row count before it commits; H2: the file is "
                    + "put back as it was when anything fails. Refused while the api runs unless --stop-api.",
            footerHeading = "%nExamples:%n",
            footer = {"  todoctl db restore --stop-api todo-chatbot-docker-20261207T081500Z.tar.gz",
                    "  tar xzf FILE manifest.json   # what a backup holds"})
    public static final class Restore extends TargetedCommand {
        @Parameters(paramLabel = "FILE", description = "A file written by `todoctl db backup`.")
        Path file;

        @Option(names = "--stop-api", description = "Stop the api for the restore and start it again afterwards.")
        boolean stopApi;

        @Override
        protected int run() {
            TargetContext ctx = targetContext(targetedConfig());
            Target target = TargetSelector.standard().current(ctx);
            Path in = env().cwd().resolve(file);
            DatabaseBackup.Restored r = new DatabaseBackup(target, console(), ctx.clock()).restore(in, stopApi);
            if (format().machine()) {
                Map<String, Object> doc = document(r.manifest(), in);
                doc.put("into", r.where());
                doc.put("api_stopped", r.apiStopped());
                renderer().print(doc);
            } else {
                console().result().println("restored " + r.manifest().rows() + " rows of " + r.manifest().tables().size()
                        + " tables into " + r.where() + " (row counts checked)");
                console().result().flush();
            }
            return 0;
        }
    }
}
