package dev.todoctl.chart;

import dev.todoctl.cli.DockerGate;
import dev.todoctl.cli.ops.db.BackupArchive;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("the database backup CronJob")
class BackupCronJobTest {
    private static final Map<String, Object> ON = Map.of("database.backup.enabled", true);

    private static List<HasMetadata> backupObjects(RenderedChart chart) {
        return chart.objects().stream().filter(o -> o.getMetadata().getName().equals(RenderedChart.RELEASE + "-todo-chatbot-backup"))
                .toList();
    }

    @ParameterizedTest(name = "Kubernetes {0}: {1}")
    @CsvSource({"1.20.2, batch/v1beta1", "1.21.0, batch/v1", "1.31.0, batch/v1"})
    @DisplayName("rendered when enabled, with the CronJob API version the cluster serves, a script and a kept PVC")
    void rendered(String kubeVersion, String apiVersion) {
        RenderedChart chart = RenderedChart.render(RenderedChart.chartDir(), "default", ON, kubeVersion);
        List<HasMetadata> objects = backupObjects(chart);
        assertThat(objects).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("ConfigMap",
                "PersistentVolumeClaim", "CronJob");
        assertThat(objects).filteredOn(o -> o.getKind().equals("CronJob")).extracting(HasMetadata::getApiVersion)
                .containsExactly(apiVersion);
        assertThat(objects).filteredOn(o -> o.getKind().equals("PersistentVolumeClaim"))
                .allSatisfy(p -> assertThat(p.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep"));
        assertThat(objects).allSatisfy(o -> assertThat(StrictModel.unknownFields(o)).isEmpty());
        assertThat(chart.manifest()).contains("schedule: \"17 3 * * *\"").contains("key: DATABASE_PASSWORD")
                .as("the password comes from the Secret, never as a value").doesNotContainPattern("PGPASSWORD\\s+value:");
    }

    @Test
    @DisplayName("off by default and in dev, on in prod; never with an external database")
    void whereItIsOn() {
        assertThat(backupObjects(RenderedChart.render(RenderedChart.chartDir(), "default", Map.of(), "1.31.0"))).isEmpty();
        assertThat(backupObjects(RenderedChart.render(RenderedChart.chartDir(), "dev", Map.of(), "1.31.0"))).isEmpty();
        assertThat(backupObjects(RenderedChart.render(RenderedChart.chartDir(), "prod", Map.of(), "1.31.0"))).hasSize(3);
        assertThat(backupObjects(RenderedChart.render(RenderedChart.chartDir(), "default", Map.of(
                "database.backup.enabled", true, "database.external.url", "jdbc:postgresql://db.example.com:5432/todo",
                "database.external.existingSecret", "db"), "1.31.0"))).isEmpty();
    }

    @Test
    @DisplayName("prod's network policy lets the backup pods reach the database (and only with the backup on)")
    void networkPolicyAdmitsTheBackup() {
        String policy = RenderedChart.render(RenderedChart.chartDir(), "prod", Map.of(), "1.31.0").objects().stream()
                .filter(o -> o.getKind().equals("NetworkPolicy") && o.getMetadata().getName().endsWith("-postgresql"))
                .map(Object::toString).findFirst().orElseThrow();
        assertThat(policy).contains("app.kubernetes.io/component=backup");
        String without = RenderedChart.render(RenderedChart.chartDir(), "prod", Map.of("database.backup.enabled", false),
                "1.31.0").objects().stream().filter(o -> o.getKind().equals("NetworkPolicy")
                        && o.getMetadata().getName().endsWith("-postgresql")).map(Object::toString).findFirst().orElseThrow();
        assertThat(without).doesNotContain("component=backup");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"every day", "* * *", "0 3 * * * *"})
    @DisplayName("a schedule that is not cron is refused by the schema")
    void badSchedule(String schedule) {
        assertThatThrownBy(() -> RenderedChart.render(RenderedChart.chartDir(), "default",
                Map.of("database.backup.enabled", true, "database.backup.schedule", schedule), "1.31.0"))
                .hasMessageContaining("schedule");
    }

    /**
     * The rendered script, run as the CronJob runs it (the database image, PG* variables, a backups directory)
     * against a real PostgreSQL: its files are what `todoctl db restore` accepts — counts and checksum included —
     * and only the newest RETENTION stay.
     */
    @Test
    @DisplayName("the script, run in the database image against a real PostgreSQL, writes files todoctl restores; retention keeps the newest")
    void scriptWritesRestorableBackups(@TempDir Path dir) throws Exception {
        if (!DockerGate.engineAnswers()) {
            DockerGate.unavailable("no Docker engine");
        }
        String image = "todoctl/postgres:17";
        if (docker("image", "inspect", image).exit() != 0) {
            DockerGate.unavailable(image + " is not built (scripts/base-images.sh)");
        }
        RenderedChart chart = RenderedChart.render(RenderedChart.chartDir(), "default", ON, "1.31.0");
        ConfigMap scripts = chart.one(ConfigMap.class, RenderedChart.RELEASE + "-todo-chatbot-backup");
        Path scriptDir = Files.createDirectories(dir.resolve("scripts"));
        Files.writeString(scriptDir.resolve("backup.sh"), scripts.getData().get("backup.sh"));
        Path backups = Files.createDirectories(dir.resolve("backups"));
        // our own temp directory: writable for the image's postgres user (uid 999), as the PVC is for the pod
        Files.setPosixFilePermissions(backups, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        String id = UUID.randomUUID().toString().substring(0, 8);
        String network = "todoctl-backup-test-" + id;
        String db = "todoctl-backup-test-db-" + id;
        try {
            assertThat(docker("network", "create", network).exit()).isZero();
            assertThat(docker("run", "-d", "--name", db, "--network", network, "-e", "POSTGRES_USER=todo", "-e",
                    "POSTGRES_DB=todo", "-e", "POSTGRES_PASSWORD=secret-" + id, image).exit()).isZero();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (docker("exec", db, "pg_isready", "-U", "todo", "-d", "todo", "-h", "127.0.0.1").exit() != 0) {
                assertThat(System.nanoTime()).as("PostgreSQL ready").isLessThan(deadline);
                Thread.sleep(500);
            }
            Result seed = docker("exec", db, "psql", "-U", "todo", "-d", "todo", "-v", "ON_ERROR_STOP=1", "-c", """
                    CREATE TABLE flyway_schema_history (installed_rank int, version varchar(50), success boolean);
                    INSERT INTO flyway_schema_history VALUES (1, '1', true), (2, '2', true);
                    CREATE TABLE tasks (id int, title text);
                    INSERT INTO tasks VALUES (1, 'buy milk'), (2, E'two\\nlines'), (3, 'tab\there');
                    CREATE TABLE "chat_messages" (id int);""");
            assertThat(seed.exit()).as(seed.output()).isZero();
            for (int run = 0; run < 3; run++) {
                Result backup = docker("run", "--rm", "--network", network, "--user", "999:999",
                        "-v", scriptDir + ":/scripts:ro", "-v", backups + ":/backups",
                        "-e", "PGHOST=" + db, "-e", "PGUSER=todo", "-e", "PGDATABASE=todo", "-e", "PGPASSWORD=secret-" + id,
                        "-e", "BACKUP_DIR=/backups", "-e", "RETENTION=2", "-e", "RELEASE=todo", "-e", "APP_VERSION=0.1.0",
                        image, "sh", "/scripts/backup.sh");
                assertThat(backup.exit()).as(backup.output()).isZero();
                Thread.sleep(1100); // file names carry the second
            }
            List<Path> files;
            try (Stream<Path> list = Files.list(backups)) {
                files = list.sorted().toList();
            }
            assertThat(files).as("retention 2 of 3 runs").hasSize(2)
                    .allSatisfy(f -> assertThat(f.getFileName().toString()).matches("todo-kubernetes-\\d{8}T\\d{6}Z\\.tar\\.gz"));
            BackupArchive.Opened opened = BackupArchive.open(files.getLast());
            assertThat(opened.manifest().tables()).containsExactlyInAnyOrderEntriesOf(Map.of("tasks", 3L,
                    "chat_messages", 0L, "flyway_schema_history", 2L));
            assertThat(opened.manifest().schemaVersion()).isEqualTo("2");
            assertThat(opened.manifest().engine()).isEqualTo("postgresql");
            assertThat(Files.readString(opened.dump())).contains("COPY public.tasks");
            Files.delete(opened.dump());
        } finally {
            docker("rm", "-f", "-v", db);
            docker("network", "rm", network);
            // the container wrote as uid 999: make the files removable for @TempDir's cleanup (they are ours)
            docker("run", "--rm", "-v", backups + ":/backups", image, "sh", "-c", "chmod -R a+rwX /backups");
        }
    }

    record Result(int exit, String output) {
    }

    private static Result docker(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        return new Result(p.waitFor(), out);
    }
}
