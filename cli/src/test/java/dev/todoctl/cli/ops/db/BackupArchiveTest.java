package dev.todoctl.cli.ops.db;

import dev.todoctl.cli.outcome.TodoctlException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("backup files: written whole, read only when complete, from this app, and matching their checksum")
class BackupArchiveTest {
    @TempDir
    Path dir;

    private static final String DUMP = """
            SET client_encoding = 'UTF8';
            COPY public.tasks (id, title) FROM stdin;
            1\tbuy milk
            2\tline with an escaped\\nnewline
            \\.
            COPY public.users (id, email) FROM stdin;
            \\.
            COPY public."chat_messages" (id, content) FROM stdin;
            7\thello
            \\.
            """;

    private Path backup(String app, String format) throws IOException {
        Path dump = dir.resolve("dump.sql");
        Files.writeString(dump, DUMP);
        BackupManifest m = new BackupManifest(format, app, "todoctl/api:1", "postgresql", "docker", "r",
                "2026-12-07T08:00:00Z", "1", DatabaseBackup.copyCounts(dump), "dump.sql", Files.size(dump),
                BackupArchive.sha256(dump));
        Path file = dir.resolve("b.tar.gz");
        BackupArchive.write(file, m, dump);
        return file;
    }

    @Test
    @DisplayName("a written backup opens again: manifest and dump as they were, rows counted from the COPY blocks")
    void roundTrip() throws IOException {
        BackupArchive.Opened opened = BackupArchive.open(backup(BackupManifest.APP, BackupManifest.FORMAT));
        assertThat(opened.manifest().tables()).containsExactlyInAnyOrderEntriesOf(Map.of("tasks", 2L, "users", 0L,
                "chat_messages", 1L));
        assertThat(Files.readString(opened.dump())).isEqualTo(DUMP);
        assertThat(dir.resolve("b.tar.gz.part")).doesNotExist();
        Files.delete(opened.dump());
    }

    @Test
    @DisplayName("truncated at any of several points: refused as incomplete (exit 2)")
    void truncated() throws IOException {
        byte[] whole = Files.readAllBytes(backup(BackupManifest.APP, BackupManifest.FORMAT));
        for (int cut : new int[] {0, 10, whole.length / 3, whole.length / 2, whole.length - 9, whole.length - 1}) {
            Path part = dir.resolve("cut-" + cut + ".tar.gz");
            Files.write(part, Arrays.copyOf(whole, cut));
            assertThatThrownBy(() -> BackupArchive.open(part)).as("cut at " + cut)
                    .isInstanceOfSatisfying(TodoctlException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(2);
                        assertThat(e.getMessage()).contains("nothing was changed");
                    });
        }
    }

    @Test
    @DisplayName("another app's backup, another format, a file that is no backup at all: refused with the reason")
    void foreign() throws IOException {
        assertThatThrownBy(() -> BackupArchive.open(backup("wordpress", BackupManifest.FORMAT)))
                .hasMessageContaining("a backup of 'wordpress', not of todo-chatbot");
        assertThatThrownBy(() -> BackupArchive.open(backup(BackupManifest.APP, "todoctl-backup/9")))
                .hasMessageContaining("format 'todoctl-backup/9'");
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello");
        assertThatThrownBy(() -> BackupArchive.open(text)).hasMessageContaining("not a complete todoctl backup");
        assertThatThrownBy(() -> BackupArchive.open(dir.resolve("missing.tar.gz"))).hasMessageContaining("no such file");
    }

    @Test
    @DisplayName("a dump that does not match the manifest's checksum is refused as damaged")
    void damaged() throws IOException {
        Path dump = dir.resolve("dump.sql");
        Files.writeString(dump, DUMP);
        BackupManifest lying = new BackupManifest(BackupManifest.FORMAT, BackupManifest.APP, "v", "postgresql", "docker",
                "r", "t", "1", Map.of(), "dump.sql", Files.size(dump), "0".repeat(64));
        Path file = dir.resolve("damaged.tar.gz");
        BackupArchive.write(file, lying, dump);
        assertThatThrownBy(() -> BackupArchive.open(file)).hasMessageContaining("does not match its manifest");
    }

    @Test
    @DisplayName("entries other than the manifest and its dump are refused (nothing is extracted by name)")
    void extraEntry() throws IOException {
        Path file = dir.resolve("extra.tar.gz");
        try (OutputStream out = Files.newOutputStream(file);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            byte[] data = "x".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry("../../etc/passwd");
            e.setSize(data.length);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        assertThatThrownBy(() -> BackupArchive.open(file)).hasMessageContaining("unexpected entry '../../etc/passwd'");
    }

    @Test
    @DisplayName("schema versions compare as Flyway orders them; none is older than any")
    void versions() {
        assertThat(DatabaseBackup.compareVersions("2", "1")).isPositive();
        assertThat(DatabaseBackup.compareVersions("1.10", "1.9")).isPositive();
        assertThat(DatabaseBackup.compareVersions("1", "1.0")).isZero();
        assertThat(DatabaseBackup.compareVersions("none", "1")).isNegative();
        assertThat(DatabaseBackup.compareVersions("1", "none")).isPositive();
    }

    @Test
    @DisplayName("the restore's count check names each table and its expected rows")
    void countCheck() {
        assertThat(DatabaseBackup.countCheck(Map.of("tasks", 2L)))
                .contains("SELECT count(*) INTO n FROM public.\"tasks\";")
                .contains("IF n <> 2 THEN RAISE EXCEPTION 'todoctl: table tasks has % rows");
    }
}
