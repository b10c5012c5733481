package dev.todoctl.cli.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command blocks of one runbook (a markdown file), in order, with what the doc test does with each. The
 * convention, also written down in docs/runbooks/README.md:
 * <ul>
 * <li>```` ```bash ```` — run against the local target (the working directory's todoctl.yaml says {@code target: local});</li>
 * <li>```` ```bash docker ```` — run with {@code TODOCTL_TARGET=docker}, skipped when no Docker engine answers;</li>
 * <li>```` ```bash norun ````, or any block right after {@code <!-- runbook: not run: REASON -->} — not run (the
 * reason is printed);</li>
 * <li>other fences ({@code text}, {@code yaml}, {@code json}) are output or files, not commands.</li>
 * </ul>
 * In a command block, blank lines and lines starting with {@code #} are not commands, a trailing {@code \} joins the
 * next line, and a command ending in {@code # exit N} must exit N (else 0).
 */
record Runbook(Path file, List<Block> blocks) {
    enum Mode { RUN, DOCKER, NOT_RUN }

    /** One command as the reader copies it; {@code line} is its first line in the file (1-based). */
    record Command(int line, String text, int expectedExit) {
    }

    record Block(Path file, int line, Mode mode, String reason, List<Command> commands) {
        String where() {
            return file.getFileName() + ":" + line;
        }
    }

    private static final Pattern FENCE = Pattern.compile("^(\\s*)(```+|~~~+)\\s*(.*)$");
    private static final Pattern NOT_RUN_COMMENT = Pattern.compile("^<!--\\s*runbook:\\s*not run:?\\s*(.*?)\\s*-->$");
    private static final Pattern EXPECTED_EXIT = Pattern.compile("#\\s*exit\\s+(\\d+)\\s*$");
    private static final List<String> SHELLS = List.of("bash", "sh", "shell", "console");

    static Runbook read(Path file) throws IOException {
        return parse(file, Files.readAllLines(file));
    }

    static Runbook parse(Path file, List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        String pendingReason = null;
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            Matcher comment = NOT_RUN_COMMENT.matcher(line.strip());
            if (comment.matches()) {
                pendingReason = comment.group(1).isEmpty() ? "marked not run" : comment.group(1);
                i++;
                continue;
            }
            Matcher fence = FENCE.matcher(line);
            if (!fence.matches()) {
                if (!line.isBlank()) {
                    pendingReason = null; // the comment holds for the block right after it only
                }
                i++;
                continue;
            }
            int open = i + 1;
            String marker = fence.group(2);
            List<String> info = List.of(fence.group(3).strip().split("\\s+"));
            List<String> body = new ArrayList<>();
            i++;
            while (i < lines.size() && !lines.get(i).strip().startsWith(marker)) {
                body.add(lines.get(i));
                i++;
            }
            if (i == lines.size()) {
                throw new IllegalArgumentException(file.getFileName() + ":" + open + ": code block never closed");
            }
            i++;
            if (SHELLS.contains(info.get(0))) {
                blocks.add(block(file, open, info, pendingReason, body));
            }
            pendingReason = null;
        }
        return new Runbook(file, List.copyOf(blocks));
    }

    private static Block block(Path file, int open, List<String> info, String reason, List<String> body) {
        Mode mode = Mode.RUN;
        for (String word : info.subList(1, info.size())) {
            switch (word) {
                case "norun" -> mode = Mode.NOT_RUN;
                case "docker" -> mode = mode == Mode.NOT_RUN ? mode : Mode.DOCKER;
                default -> throw new IllegalArgumentException(file.getFileName() + ":" + open + ": unknown block marker '"
                        + word + "' (known: norun, docker)");
            }
        }
        if (reason != null) {
            mode = Mode.NOT_RUN;
        } else if (mode == Mode.NOT_RUN) {
            reason = "marked norun";
        }
        return new Block(file, open, mode, reason, commands(open, body));
    }

    private static List<Command> commands(int open, List<String> body) {
        List<Command> commands = new ArrayList<>();
        StringBuilder pending = null;
        int start = 0;
        for (int n = 0; n < body.size(); n++) {
            String line = body.get(n);
            if (pending == null) {
                String stripped = line.strip();
                if (stripped.isEmpty() || stripped.startsWith("#")) {
                    continue;
                }
                pending = new StringBuilder();
                start = open + 1 + n;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            commands.add(command(start, pending.toString().strip()));
            pending = null;
        }
        if (pending != null) {
            commands.add(command(start, pending.toString().strip()));
        }
        return List.copyOf(commands);
    }

    private static Command command(int line, String text) {
        Matcher exit = EXPECTED_EXIT.matcher(text);
        return new Command(line, text, exit.find() ? Integer.parseInt(exit.group(1)) : 0);
    }

    long count(Mode mode) {
        return blocks.stream().filter(b -> b.mode() == mode).count();
    }
}
