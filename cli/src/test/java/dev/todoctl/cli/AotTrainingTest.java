package dev.todoctl.cli;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("AotTraining: install.sh's training run of the read-only commands changes nothing")
class AotTrainingTest {
    @Test
    @DisplayName("every command runs to an answer (never exit 1, an internal error), and no training directory is left behind")
    void readOnly() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> before = trainingDirs(tmp);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("DOCKER_HOST");
        List<Integer> codes = AotTraining.train(env);
        assertThat(codes).hasSameSizeAs(AotTraining.COMMANDS);
        // 0, or the code of an unusable target (30: the closed training cluster; 2: no engine): never 1
        assertThat(codes).doesNotContain(1);
        assertThat(codes.subList(0, 2)).containsOnly(0);
        assertThat(trainingDirs(tmp)).containsExactlyInAnyOrderElementsOf(before);
    }

    private static List<Path> trainingDirs(Path tmp) throws IOException {
        try (var entries = Files.list(tmp)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("todoctl-aot-training")).toList();
        }
    }
}
