package dev.todoctl.cli.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.ui.Renderer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Pattern;

/** Baselines as {@code <dir>/<name>.json} (the state directory's {@code baselines/}), one file per name. */
public record BaselineStore(Path dir) {
    private static final ObjectMapper JSON = Renderer.json();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public static void checkName(String name) {
        if (name != null && !NAME.matcher(name).matches()) {
            throw TodoctlException.usage("baseline name '" + name + "' is not usable as a file name",
                    "use letters, digits, '.', '_' or '-' (at most 64), e.g. release-1.4");
        }
    }

    public Path file(String name) {
        return dir.resolve(name + ".json");
    }

    public void save(Baseline baseline) {
        checkName(baseline.name());
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(baseline.name() + ".json.tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), baseline);
            Files.move(tmp, file(baseline.name()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Baseline load(String name) {
        checkName(name);
        Path file = file(name);
        if (!Files.isRegularFile(file)) {
            throw TodoctlException.usage("no baseline named '" + name + "' in " + dir,
                    names().isEmpty() ? "save one first: todoctl loadtest --save-baseline " + name
                            : "known baselines: " + String.join(", ", names()));
        }
        try {
            return JSON.readValue(file.toFile(), Baseline.class);
        } catch (IOException e) {
            throw TodoctlException.usage("baseline " + file + " is unreadable: " + e.getMessage(),
                    "save it again: todoctl loadtest --save-baseline " + name);
        }
    }

    public List<String> names() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
