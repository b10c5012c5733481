package dev.todoctl.cli.devloop;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("source watcher: batches, new directories, big trees, noisy neighbours")
class SourceWatcherTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofMillis(150);

    @Test
    @DisplayName("two saves in quick succession are one batch; nothing changed is an empty batch")
    void quickSavesAreOneBatch(@TempDir Path root) throws Exception {
        Path file = Files.writeString(root.resolve("A.java"), "a");
        try (SourceWatcher watcher = new SourceWatcher(List.of(root))) {
            assertThat(watcher.next(Duration.ofMillis(200), QUIET)).isEmpty();
            Files.writeString(file, "b");
            Thread.sleep(40);
            Files.writeString(file, "c");
            assertThat(watcher.next(WAIT, QUIET)).containsExactly(file);
            assertThat(watcher.next(Duration.ofMillis(300), QUIET)).isEmpty();
        }
    }

    @Test
    @DisplayName("a directory created after the start is watched, and the files it came with count")
    void newDirectories(@TempDir Path root) throws Exception {
        try (SourceWatcher watcher = new SourceWatcher(List.of(root))) {
            Path pkg = Files.createDirectories(root.resolve("a/b"));
            Path inside = Files.writeString(pkg.resolve("B.java"), "b");
            Set<Path> first = watcher.next(WAIT, QUIET);
            assertThat(first).contains(inside);
            Files.writeString(inside, "b2");
            assertThat(watcher.next(WAIT, QUIET)).containsExactly(inside);
        }
    }

    @Test
    @DisplayName("thousands of files: one watch per directory; build output is skipped")
    void bigTree(@TempDir Path root) throws Exception {
        for (int d = 0; d < 100; d++) {
            Path dir = Files.createDirectories(root.resolve("pkg" + d));
            for (int f = 0; f < 30; f++) {
                Files.writeString(dir.resolve("F" + f + ".java"), "x");
            }
        }
        Files.createDirectories(root.resolve("target/classes/deep"));
        try (SourceWatcher watcher = new SourceWatcher(List.of(root))) {
            assertThat(watcher.watchedDirectories()).isEqualTo(101);
            Files.writeString(root.resolve("target/classes/deep/X.class"), "ignored");
            Path one = root.resolve("pkg57/F3.java");
            Files.writeString(one, "changed");
            assertThat(watcher.next(WAIT, QUIET)).containsExactly(one);
        }
    }

    @Test
    @DisplayName("a single watched file: its busy neighbours neither count nor hold the batch open")
    void singleFileAmongBusyNeighbours(@TempDir Path root) throws Exception {
        Path config = Files.writeString(root.resolve("todoctl.yaml"), "release: a");
        Path log = root.resolve("dev.out");
        try (SourceWatcher watcher = new SourceWatcher(List.of(config))) {
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 100 && !Thread.currentThread().isInterrupted(); i++) {
                        Files.writeString(log, "line " + i + "\n", java.nio.file.StandardOpenOption.CREATE,
                                java.nio.file.StandardOpenOption.APPEND);
                        Thread.sleep(20);
                    }
                } catch (Exception e) {
                    // stopped
                }
            });
            try {
                assertThat(watcher.next(Duration.ofMillis(500), QUIET)).isEmpty();
                Files.writeString(config, "release: b");
                long start = System.nanoTime();
                assertThat(watcher.next(WAIT, QUIET)).containsExactly(config);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the neighbour's writes do not hold the batch open")
                        .isLessThan(SourceWatcher.MAX_BATCH);
            } finally {
                writer.interrupt();
                writer.join();
            }
        }
    }

    @Test
    @DisplayName("a file that never stops changing cannot hold a batch open for longer than the cap")
    void endlessWritesAreCapped(@TempDir Path root) throws Exception {
        Path busy = root.resolve("Busy.java");
        try (SourceWatcher watcher = new SourceWatcher(List.of(root))) {
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 300 && !Thread.currentThread().isInterrupted(); i++) {
                        Files.writeString(busy, "v" + i);
                        Thread.sleep(20);
                    }
                } catch (Exception e) {
                    // stopped
                }
            });
            try {
                long start = System.nanoTime();
                assertThat(watcher.next(WAIT, QUIET)).containsExactly(busy);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SourceWatcher.MAX_BATCH.plusSeconds(1));
            } finally {
                writer.interrupt();
                writer.join();
            }
        }
    }

    @Test
    @DisplayName("a deleted file is reported; a deleted directory stops being watched")
    void deletions(@TempDir Path root) throws Exception {
        Path dir = Files.createDirectories(root.resolve("gone"));
        Path file = Files.writeString(dir.resolve("G.java"), "g");
        try (SourceWatcher watcher = new SourceWatcher(List.of(root))) {
            Files.delete(file);
            Files.delete(dir);
            assertThat(watcher.next(WAIT, QUIET)).contains(file, dir);
            assertThat(watcher.watchedDirectories()).isEqualTo(1);
        }
    }
}
