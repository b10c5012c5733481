package dev.todoctl.cli.ops.db;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.platform.CommandRunner;
import dev.todoctl.cli.targets.DatabaseAccess;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.ui.Console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code todoctl db backup} and {@code db restore} on any target. PostgreSQL: {@code pg_dump} (plain SQL) and
 * {@code psql} run inside the database's container or pod; the restore is one transaction that replaces the public
 * schema, loads the dump and checks every table's row count against the manifest before it commits, so a restore
 * either fully happens or changes nothing. H2 (local): the app's own H2 tools, with the api stopped (it holds the
 * file's lock); the file is copied aside first and put back when anything fails. A backup from a newer schema than
 * the deployment's, from another engine, or one that is damaged is refused before anything is touched.
 */
public final class DatabaseBackup {
    private static final Pattern COPY = Pattern.compile("^COPY (?:\"?([A-Za-z0-9_]+)\"?\\.)?\"?([A-Za-z0-9_]+)\"? .*FROM stdin;$");

    private final Target target;
    private final Console console;
    private final Clock clock;

    public DatabaseBackup(Target target, Console console, Clock clock) {
        this.target = target;
        this.console = console;
        this.clock = clock;
    }

    private DatabaseAccess access() {
        return target.database().orElseThrow(() -> TodoctlException.usage("the " + target.name()
                + " target has no database todoctl can reach", "use --target kubernetes, docker or local"));
    }

    /** Writes a backup of the release's database to {@code out}; returns its manifest. */
    public BackupManifest backup(Path out, String appVersion) {
        DatabaseAccess access = access();
        Path dump = temp(".sql");
        try {
            BackupManifest manifest = switch (access) {
                case DatabaseAccess.Postgres pg -> pgBackup(pg, dump, appVersion);
                case DatabaseAccess.Embedded h2 -> h2Backup(h2, dump, appVersion);
            };
            BackupArchive.write(out, manifest, dump);
            return manifest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            BackupArchive.delete(dump);
        }
    }

    /** What a restore did: the manifest it restored and where. */
    public record Restored(BackupManifest manifest, String where, boolean apiStopped) {
    }

    public Restored restore(Path file, boolean stopApi) {
        BackupArchive.Opened opened = BackupArchive.open(file);
        try {
            DatabaseAccess access = access();
            BackupManifest m = opened.manifest();
            String engine = engine(access);
            if (!engine.equals(m.engine())) {
                throw BackupArchive.bad(file, "it holds a " + m.engine() + " dump and the " + target.name()
                        + " target's database is " + engine);
            }
            boolean running = access.api().running();
            if (running && !stopApi) {
                throw new TodoctlException(Phase.USAGE, "the api is running and would write while " + access.where()
                        + " is replaced; nothing was changed", List.of("`todoctl db restore --stop-api FILE` stops the "
                        + "api for the restore and starts it again (a short outage)"));
            }
            DatabaseAccess.Stopped stopped = null;
            try {
                if (running && access instanceof DatabaseAccess.Embedded h2) {
                    stopped = stopFor(h2, "the restore");
                }
                String current = switch (access) {
                    case DatabaseAccess.Postgres pg -> pgSchema(pg);
                    case DatabaseAccess.Embedded h2 -> h2Schema(h2);
                };
                if (compareVersions(m.schemaVersion(), current) > 0) {
                    throw BackupArchive.bad(file, "it is from schema version " + m.schemaVersion() + ", newer than this "
                            + "deployment's " + current + " (an older app cannot read it)");
                }
                console.info("restoring " + m.rows() + " rows of " + m.tables().size() + " tables (schema "
                        + m.schemaVersion() + ", taken " + m.created() + " on " + m.target() + ") into " + access.where());
                if (running && stopped == null) {
                    console.info("stopping the api for the restore");
                    stopped = access.api().stop();
                }
                switch (access) {
                    case DatabaseAccess.Postgres pg -> pgRestore(pg, opened);
                    case DatabaseAccess.Embedded h2 -> h2Restore(h2, opened);
                }
            } finally {
                if (stopped != null) {
                    console.info("starting the api again");
                    stopped.start();
                }
            }
            return new Restored(m, access.where(), running);
        } finally {
            BackupArchive.delete(opened.dump());
        }
    }

    private static String engine(DatabaseAccess access) {
        return access instanceof DatabaseAccess.Postgres ? "postgresql" : "h2";
    }

    private BackupManifest manifest(String engine, String appVersion, String schema, Map<String, Long> tables, Path dump)
            throws IOException {
        return new BackupManifest(BackupManifest.FORMAT, BackupManifest.APP, appVersion, engine, target.name(),
                releaseName(), clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(), schema, tables, "dump.sql",
                Files.size(dump), BackupArchive.sha256(dump));
    }

    private String releaseName() {
        return target.status().release().name();
    }

    // ---- PostgreSQL ----

    private BackupManifest pgBackup(DatabaseAccess.Postgres pg, Path dump, String appVersion) throws IOException {
        String schema = pgSchema(pg);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (OutputStream out = Files.newOutputStream(dump)) {
            int code = pg.exec().run(List.of("pg_dump", "-U", pg.user(), "-d", pg.database(), "--no-owner",
                    "--no-privileges"), InputStream.nullInputStream(), out, err);
            if (code != 0) {
                throw failed("pg_dump in " + pg.where(), code, err);
            }
        }
        return manifest("postgresql", appVersion, schema, copyCounts(dump), dump);
    }

    /** Row counts from the dump itself: the lines of each {@code COPY … FROM stdin} block (one row per line). */
    static Map<String, Long> copyCounts(Path dump) throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        String table = null;
        long rows = 0;
        try (var lines = Files.lines(dump, StandardCharsets.UTF_8)) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (table == null) {
                    Matcher m = COPY.matcher(line);
                    if (m.matches()) {
                        table = m.group(2);
                        rows = 0;
                    }
                } else if (line.equals("\\.")) {
                    counts.put(table, rows);
                    table = null;
                } else {
                    rows++;
                }
            }
        }
        return counts;
    }

    private String pgSchema(DatabaseAccess.Postgres pg) {
        String out = psql(pg, "SELECT coalesce((SELECT version FROM flyway_schema_history WHERE success "
                + "AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1), 'none') "
                + "WHERE to_regclass('public.flyway_schema_history') IS NOT NULL UNION ALL SELECT 'none' "
                + "WHERE to_regclass('public.flyway_schema_history') IS NULL");
        return out.isBlank() ? "none" : out.strip().lines().findFirst().orElse("none");
    }

    private String psql(DatabaseAccess.Postgres pg, String sql) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = pg.exec().run(List.of("psql", "-U", pg.user(), "-d", pg.database(), "-At", "-v", "ON_ERROR_STOP=1",
                "-c", sql), InputStream.nullInputStream(), out, err);
        if (code != 0) {
            throw failed("psql in " + pg.where(), code, err);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private void pgRestore(DatabaseAccess.Postgres pg, BackupArchive.Opened opened) {
        Path script = temp(".sql");
        String remote = "/tmp/todoctl-restore-" + UUID.randomUUID() + ".sql";
        try {
            try (OutputStream out = Files.newOutputStream(script)) {
                out.write("DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n".getBytes(StandardCharsets.UTF_8));
                Files.copy(opened.dump(), out);
                out.write(("\n" + countCheck(opened.manifest().tables())).getBytes(StandardCharsets.UTF_8));
            }
            pg.upload().copy(script, remote);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = pg.exec().run(List.of("psql", "-U", pg.user(), "-d", pg.database(), "-q", "-v", "ON_ERROR_STOP=1",
                    "--single-transaction", "-f", remote), InputStream.nullInputStream(), OutputStream.nullOutputStream(), err);
            pg.exec().run(List.of("rm", "-f", remote), InputStream.nullInputStream(), OutputStream.nullOutputStream(),
                    OutputStream.nullOutputStream());
            if (code != 0) {
                throw new TodoctlException(Phase.DATABASE, "the restore into " + pg.where() + " failed and was rolled "
                        + "back (one transaction): nothing was changed. psql said: " + tail(err),
                        List.of("`todoctl db backup` first, then retry; the message above names the statement"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            BackupArchive.delete(script);
        }
    }

    /** A block that fails the transaction when any table's row count differs from the manifest's. */
    static String countCheck(Map<String, Long> tables) {
        StringBuilder sql = new StringBuilder("DO $todoctl$ DECLARE n bigint; BEGIN\n");
        tables.forEach((table, rows) -> sql.append("  SELECT count(*) INTO n FROM public.\"").append(table)
                .append("\";\n  IF n <> ").append(rows).append(" THEN RAISE EXCEPTION 'todoctl: table ").append(table)
                .append(" has % rows after the restore, the backup % ', n, ").append(rows).append("; END IF;\n"));
        return sql.append("END $todoctl$;\n").toString();
    }

    // ---- H2 ----

    private BackupManifest h2Backup(DatabaseAccess.Embedded h2, Path dump, String appVersion) throws IOException {
        DatabaseAccess.Stopped stopped = h2.api().running() ? stopFor(h2, "the backup") : null;
        try {
            String schema = h2Schema(h2);
            Map<String, Long> counts = h2Counts(h2);
            h2Tool(h2, "org.h2.tools.Script", List.of("-script", dump.toString()));
            return manifest("h2", appVersion, schema, counts, dump);
        } finally {
            if (stopped != null) {
                console.info("starting the api again");
                stopped.start();
            }
        }
    }

    private DatabaseAccess.Stopped stopFor(DatabaseAccess.Embedded h2, String what) {
        console.info("stopping the local api for " + what + " (H2 allows one process on its file)");
        return h2.api().stop();
    }

    /** Flyway's latest applied version in the H2 file; the api must be stopped (it holds the file's lock). */
    private String h2Schema(DatabaseAccess.Embedded h2) {
        List<String> rows = h2Query(h2, "SELECT coalesce((SELECT \"version\" FROM \"flyway_schema_history\" WHERE "
                + "\"success\" AND \"version\" IS NOT NULL ORDER BY \"installed_rank\" DESC LIMIT 1), 'none') AS v");
        return rows.isEmpty() ? "none" : rows.getFirst();
    }

    private Map<String, Long> h2Counts(DatabaseAccess.Embedded h2) {
        List<String> tables = h2Query(h2, "SELECT table_name FROM information_schema.tables WHERE "
                + "table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name");
        Map<String, Long> counts = new LinkedHashMap<>();
        if (tables.isEmpty()) {
            return counts;
        }
        List<String> parts = new ArrayList<>();
        for (String t : tables) {
            parts.add("'" + t + "=' || (SELECT count(*) FROM public.\"" + t + "\")");
        }
        for (String row : h2Query(h2, "SELECT " + String.join(" || ',' || ", parts) + " AS c")) {
            for (String pair : row.split(",")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    counts.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1).trim()));
                }
            }
        }
        return counts;
    }

    /** The values of a one-column query through H2's Shell: the lines between the header and the row count. */
    private List<String> h2Query(DatabaseAccess.Embedded h2, String sql) {
        String out = h2Tool(h2, "org.h2.tools.Shell", List.of("-sql", sql));
        List<String> lines = out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        List<String> values = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).startsWith("(") && lines.get(i).endsWith(")")) {
                break;
            }
            values.add(lines.get(i));
        }
        return values;
    }

    private String h2Tool(DatabaseAccess.Embedded h2, String tool, List<String> args) {
        List<String> argv = new ArrayList<>(List.of(h2.java().toString(), "-cp", h2.h2Jar().toString(), tool,
                "-url", h2.url(), "-user", "", "-password", ""));
        argv.addAll(args);
        List<String> output = new ArrayList<>();
        CommandRunner.Outcome outcome = new CommandRunner().run(argv, h2.dataDir(), Map.of(), output::add);
        if (!outcome.ok()) {
            throw new TodoctlException(Phase.DATABASE, tool.substring(tool.lastIndexOf('.') + 1) + " on " + h2.where()
                    + " failed: " + String.join(" / ", outcome.tail()), List.of("is another process using the database? "
                    + "`todoctl status --target local`"));
        }
        return String.join("\n", output);
    }

    private void h2Restore(DatabaseAccess.Embedded h2, BackupArchive.Opened opened) {
        Path file = h2.dataDir().resolve("todo.mv.db");
        Path aside = h2.dataDir().resolve("todo.mv.db.before-restore");
        Path script = temp(".sql");
        try {
            if (Files.exists(file)) {
                Files.copy(file, aside, StandardCopyOption.REPLACE_EXISTING);
            }
            try (OutputStream out = Files.newOutputStream(script)) {
                out.write("DROP ALL OBJECTS;\n".getBytes(StandardCharsets.UTF_8));
                Files.copy(opened.dump(), out);
            }
            try {
                h2Tool(h2, "org.h2.tools.RunScript", List.of("-script", script.toString()));
                Map<String, Long> counts = h2Counts(h2);
                if (!counts.equals(new LinkedHashMap<>(opened.manifest().tables()))
                        && !new java.util.TreeMap<>(counts).equals(new java.util.TreeMap<>(opened.manifest().tables()))) {
                    throw new TodoctlException(Phase.DATABASE, "the restored row counts " + counts + " differ from the "
                            + "backup's " + opened.manifest().tables() + "; the database was put back as it was",
                            List.of("the backup file may not be the one you meant: `tar xzf FILE manifest.json`"));
                }
            } catch (RuntimeException e) {
                if (Files.exists(aside)) {
                    Files.copy(aside, file, StandardCopyOption.REPLACE_EXISTING);
                }
                throw e instanceof TodoctlException t && t.phase() == Phase.DATABASE && t.getMessage().contains("put back")
                        ? t : new TodoctlException(Phase.DATABASE, "the restore into " + h2.where() + " failed; the "
                        + "database was put back as it was: " + e.getMessage(), List.of("see the message above"), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            BackupArchive.delete(script);
            BackupArchive.delete(aside);
        }
    }

    // ---- helpers ----

    /** Flyway's ordering of versions: numeric parts compared one by one; "none" is older than any. */
    static int compareVersions(String a, String b) {
        if (a == null || a.equals("none")) {
            return b == null || b.equals("none") ? 0 : -1;
        }
        if (b == null || b.equals("none")) {
            return 1;
        }
        String[] x = a.split("[._]");
        String[] y = b.split("[._]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? parse(x[i]) : 0;
            long q = i < y.length ? parse(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }

    private static long parse(String part) {
        try {
            return Long.parseLong(part);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Path temp(String suffix) {
        try {
            return Files.createTempFile("todoctl-db", suffix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TodoctlException failed(String what, int code, ByteArrayOutputStream err) {
        return new TodoctlException(Phase.DATABASE, what + " exited " + code + ": " + tail(err),
                List.of("`todoctl diagnose` shows the database's state"));
    }

    private static String tail(ByteArrayOutputStream err) {
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "(no message)" : String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }
}
