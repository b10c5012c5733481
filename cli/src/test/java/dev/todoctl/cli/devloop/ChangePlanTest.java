package dev.todoctl.cli.devloop;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("change plan: the least each saved file needs")
class ChangePlanTest {

    private static Path file(Path root, String relative) throws Exception {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, "x");
    }

    @Test
    @DisplayName("web assets, api and web sources, shared packages, resources")
    void classification(@TempDir Path root) throws Exception {
        ChangePlan.Layout layout = new ChangePlan.Layout(root, root.resolve("todoctl.yaml"));
        Path css = file(root, "sample-app/src/main/resources/web/app.css");
        Path api = file(root, "sample-app/src/main/java/dev/todoctl/app/tasks/TaskHandler.java");
        ChangePlan plan = ChangePlan.of(layout, List.of(css, api), false);
        assertThat(plan.webAssets()).containsExactly(css);
        assertThat(plan.sources()).containsExactly(api);
        assertThat(plan.components()).containsExactly("api");
        assertThat(plan.redeploy()).isEmpty();

        Path web = file(root, "sample-app/src/main/java/dev/todoctl/app/web/ApiProxy.java");
        assertThat(ChangePlan.of(layout, List.of(web), false).components()).containsExactly("web");
        Path shared = file(root, "sample-app/src/main/java/dev/todoctl/app/http/Json.java");
        assertThat(ChangePlan.of(layout, List.of(shared), false).components()).containsExactly("api", "web");
        Path main = file(root, "sample-app/src/main/java/dev/todoctl/app/Main.java");
        assertThat(ChangePlan.of(layout, List.of(main), false).components()).containsExactly("api", "web");
        Path migration = file(root, "sample-app/src/main/resources/db/migration/V9__x.sql");
        ChangePlan resources = ChangePlan.of(layout, List.of(migration), false);
        assertThat(resources.resources()).containsExactly(migration);
        assertThat(resources.components()).containsExactly("api");
    }

    @Test
    @DisplayName("the chart, todoctl.yaml, a pom, a deleted source or an overflow need the whole pipeline")
    void redeploys(@TempDir Path root) throws Exception {
        Path config = file(root, "todoctl.yaml");
        ChangePlan.Layout layout = new ChangePlan.Layout(root, config);
        assertThat(ChangePlan.of(layout, List.of(config), false).redeploy()).containsExactly("todoctl.yaml changed");
        assertThat(ChangePlan.of(layout, List.of(file(root, "charts/todo-chatbot/values.yaml")), false).redeploy())
                .singleElement().asString().contains("the chart changed");
        assertThat(ChangePlan.of(layout, List.of(file(root, "sample-app/pom.xml")), false).redeploy())
                .singleElement().asString().contains("dependencies or build");
        Path deleted = root.resolve("sample-app/src/main/java/dev/todoctl/app/tasks/Gone.java");
        assertThat(ChangePlan.of(layout, List.of(deleted), false).redeploy())
                .singleElement().asString().contains("was deleted");
        assertThat(ChangePlan.of(layout, List.of(), true).redeploy()).singleElement().asString().contains("overflowed");
    }

    @Test
    @DisplayName("editor scratch files and unrelated files are nothing")
    void scratch(@TempDir Path root) throws Exception {
        ChangePlan.Layout layout = new ChangePlan.Layout(root, root.resolve("todoctl.yaml"));
        ChangePlan plan = ChangePlan.of(layout, List.of(
                file(root, "sample-app/src/main/java/dev/todoctl/app/tasks/.TaskHandler.java.swp"),
                file(root, "sample-app/src/main/java/dev/todoctl/app/tasks/4913"),
                file(root, "sample-app/src/main/resources/web/app.css~"),
                file(root, "README.md")), false);
        assertThat(plan.isEmpty()).isTrue();
    }
}
