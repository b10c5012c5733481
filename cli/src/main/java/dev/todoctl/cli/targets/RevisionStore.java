package dev.todoctl.cli.targets;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.todoctl.cli.deploy.DeployResult;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.rollout.RolloutResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The revisions of a release on a target without Helm (docker, local), as Helm keeps them for kubernetes: one JSON
 * file in the state directory, newest last, at most {@link #KEEP} entries. Each entry holds what its deployment
 * ran — images by id, non-secret configuration, ports — so a rollback can start exactly that again; secrets are
 * never in it (they stay in their own 0600 files). Writes are atomic (temp file and rename).
 */
public final class RevisionStore {
    /** How many revisions are kept (Helm's default history limit is 10; a few more cost nothing here). */
    public static final int KEEP = 15;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One revision: its number, when, status, what made it, the images it ran, and the target's own spec. */
    public record Entry(int revision, String updated, String status, String description, List<String> images,
                        Map<String, Object> spec) {
        public Entry {
            images = List.copyOf(images);
            spec = spec == null ? Map.of() : spec;
        }

        Entry with(String newStatus, String newDescription) {
            return new Entry(revision, updated, newStatus, newDescription, images, spec);
        }

        public Revision revision(String chart, String appVersion) {
            return new Revision(revision, updated, status, chart, appVersion, images, description);
        }
    }

    private final Path file;
    private final Clock clock;

    public RevisionStore(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    public List<Entry> list() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return List.copyOf(JSON.readValue(file.toFile(), new TypeReference<List<Entry>>() { }));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the revision history " + file + ": " + e.getMessage(), e);
        }
    }

    public Optional<Entry> get(int revision) {
        return list().stream().filter(e -> e.revision() == revision).findFirst();
    }

    /** The number the next revision gets: one more than the highest recorded or running one. */
    public int next(int running) {
        return Math.max(running, list().stream().mapToInt(Entry::revision).max().orElse(0)) + 1;
    }

    /**
     * Records a deployed revision; the one deployed before it becomes superseded. Returns the entries that fell
     * out of the history (their kept images or jars may be released).
     */
    public List<Entry> record(int revision, String description, List<String> images, Map<String, Object> spec) {
        List<Entry> entries = new ArrayList<>();
        for (Entry e : list()) {
            entries.add(e.status().equals("deployed") ? e.with("superseded", e.description()) : e);
        }
        entries.add(new Entry(revision, clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(), "deployed",
                description, images, spec));
        List<Entry> dropped = entries.size() > KEEP ? List.copyOf(entries.subList(0, entries.size() - KEEP)) : List.of();
        write(entries.subList(dropped.size(), entries.size()));
        return dropped;
    }

    /** Marks a revision (a rollout that failed: {@code failed} with the reason). */
    public void mark(int revision, String status, String description) {
        List<Entry> entries = new ArrayList<>();
        for (Entry e : list()) {
            entries.add(e.revision() == revision ? e.with(status, description) : e);
        }
        write(entries);
    }

    /** Runs a rollout wait; a new revision whose wait fails is recorded as failed, with the reason's first line. */
    public RolloutResult watching(DeployResult deploy,
                                                          Supplier<RolloutResult> wait) {
        try {
            return wait.get();
        } catch (TodoctlException e) {
            if (deploy.changed() && get(deploy.revision()).isPresent()) {
                mark(deploy.revision(), "failed", "rollout failed: " + e.getMessage().lines().findFirst().orElse(""));
            }
            throw e;
        }
    }

    private void write(List<Entry> entries) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), entries);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
