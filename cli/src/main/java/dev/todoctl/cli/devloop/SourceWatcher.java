package dev.todoctl.cli.devloop;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Recursive watch over source trees, in batches: the first change opens a batch, and it closes once the trees have
 * been quiet for a moment, so an editor's save-as-rename, a formatter's second write or two saves in quick
 * succession make one reload, not several.
 *
 * <p>Written on the JDK's {@link WatchService} (inotify on Linux) rather than a library: the one well-kept
 * recursive watcher for Java (directory-watcher) is not available to this build, and what todoctl needs — directories
 * registered as they appear, build output skipped, a clear message when the kernel's watch limit is reached — is
 * small. Only directories are registered, so a tree with thousands of files costs one watch per directory.
 */
public final class SourceWatcher implements AutoCloseable {
    /** Directories that hold build output or tool state, never sources. */
    static final Set<String> SKIPPED = Set.of("target", ".git", "node_modules", ".idea", ".gradle", "build");

    private final WatchService service;
    /** However busy the trees are, a batch closes this long after its first change. */
    static final Duration MAX_BATCH = Duration.ofSeconds(1);

    private final Map<WatchKey, Path> keys = new HashMap<>();
    /** Directories watched only for some of their files (todoctl.yaml's): the names that count. */
    private final Map<Path, Set<String>> onlyFiles = new HashMap<>();
    private boolean overflowed;
    private long firstChangeNanos;

    public SourceWatcher(List<Path> roots) {
        try {
            service = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            throw new TodoctlException(Phase.USAGE, "cannot watch files: " + e.getMessage(),
                    List.of("on Linux, raise fs.inotify.max_user_instances (sysctl)"));
        }
        try {
            for (Path root : roots) {
                if (Files.isDirectory(root)) {
                    registerTree(root);
                } else if (root.getParent() != null && Files.isDirectory(root.getParent())) {
                    // a single file (todoctl.yaml): its directory, but only events about that file count
                    Path dir = root.getParent();
                    if (keys.containsValue(dir) && !onlyFiles.containsKey(dir)) {
                        continue; // inside a tree already watched whole
                    }
                    if (!keys.containsValue(dir)) {
                        register(dir);
                    }
                    onlyFiles.computeIfAbsent(dir, d -> new java.util.HashSet<>()).add(root.getFileName().toString());
                }
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw new TodoctlException(Phase.USAGE, "cannot watch " + roots + ": " + e.getMessage(),
                    List.of(e.getMessage() != null && e.getMessage().contains("limit")
                            ? "raise the kernel's watch limit: sysctl fs.inotify.max_user_watches=524288"
                            : "check that the source directory is readable"));
        }
    }

    /** How many directories are watched. */
    public int watchedDirectories() {
        return keys.size();
    }

    /**
     * Waits up to {@code wait} for a change, then collects changes until none came for {@code quiet}. Empty when
     * nothing changed in {@code wait}. A kernel queue overflow (thousands of changes at once) is reported through
     * {@link #overflowed()}: the caller cannot know which files changed and should treat it as "everything".
     */
    public Set<Path> next(Duration wait, Duration quiet) throws InterruptedException {
        Set<Path> changed = new LinkedHashSet<>();
        overflowed = false;
        long waitEnds = System.nanoTime() + wait.toNanos();
        long lastRelevant = 0;
        while (true) {
            boolean open = !changed.isEmpty() || overflowed;
            // quiet counts from the last change that matters: events that are filtered out (a log file next to
            // todoctl.yaml, build output) neither close nor extend a batch
            long timeout = open ? lastRelevant + quiet.toNanos() - System.nanoTime() : waitEnds - System.nanoTime();
            WatchKey key = timeout <= 0 ? null : service.poll(timeout, TimeUnit.NANOSECONDS);
            if (key == null) {
                return changed;
            }
            int before = changed.size();
            boolean overflowBefore = overflowed;
            drain(key, changed);
            if (changed.size() != before || overflowed != overflowBefore) {
                lastRelevant = System.nanoTime();
                if (!open) {
                    firstChangeNanos = lastRelevant;
                }
            }
            if ((!changed.isEmpty() || overflowed) && System.nanoTime() - firstChangeNanos > MAX_BATCH.toNanos()) {
                return changed; // files that never stop changing (a generator, a log) must not hold a batch open
            }
        }
    }

    /** {@link System#nanoTime()} when the last batch's first change arrived: "from save" starts here. */
    public long firstChangeNanos() {
        return firstChangeNanos;
    }

    /** Whether the last batch lost events (the kernel's queue overflowed). */
    public boolean overflowed() {
        return overflowed;
    }

    private void drain(WatchKey key, Set<Path> changed) {
        Path dir = keys.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                overflowed = true;
                continue;
            }
            if (dir == null) {
                continue;
            }
            Path path = dir.resolve((Path) event.context());
            if (SKIPPED.contains(path.getFileName().toString())) {
                continue;
            }
            Set<String> only = onlyFiles.get(dir);
            if (only != null && !only.contains(path.getFileName().toString())) {
                continue;
            }
            changed.add(path);
            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(path)) {
                try {
                    registerTree(path); // a new package or a restored folder: watch it, and count what it already holds
                    try (var files = Files.walk(path)) {
                        files.filter(Files::isRegularFile).forEach(changed::add);
                    }
                } catch (IOException | RuntimeException e) {
                    // deleted again before we looked: the batch still names it
                }
            }
        }
        if (!key.reset()) {
            keys.remove(key); // the directory is gone
        }
    }

    private void registerTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(root) && SKIPPED.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                register(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void register(Path dir) throws IOException {
        keys.put(dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE), dir);
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException | ClosedWatchServiceException e) {
            // closing releases the inotify instance; nothing else to do
        }
        keys.clear();
        onlyFiles.clear();
    }
}
