package dev.todoctl.cli.devloop;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one batch of saved files asks for, cheapest first: web assets (served from the sources, nothing to do but
 * tell), Java sources and resources (compile, then restart the components they belong to), or the whole
 * {@code up} pipeline (the build files, the chart, todoctl.yaml, a deleted class — anything the overlay cannot
 * express).
 *
 * @param webAssets  saved files under the UI's asset directory
 * @param sources    saved {@code .java} files that still exist
 * @param resources  other saved files under the app's resources (migrations, the OpenAPI document)
 * @param components the components whose code changed ({@code api}, {@code web})
 * @param redeploy   why the whole pipeline has to run, or empty
 */
public record ChangePlan(Set<Path> webAssets, Set<Path> sources, Set<Path> resources, Set<String> components,
                         List<String> redeploy) {

    /** Where the app's parts live under the source directory (the bundled todo-chatbot's layout). */
    public record Layout(Path sourceDir, Path config) {
        public Path app() {
            return sourceDir.resolve("sample-app");
        }

        public Path javaRoot() {
            return app().resolve("src/main/java");
        }

        public Path resourcesRoot() {
            return app().resolve("src/main/resources");
        }

        public Path webAssets() {
            return resourcesRoot().resolve("web");
        }

        public Path chart() {
            return sourceDir.resolve("charts");
        }

        /** What the watcher looks at. */
        public List<Path> roots() {
            return List.of(app().resolve("src/main"), app().resolve("pom.xml"), sourceDir.resolve("pom.xml"), chart(),
                    config);
        }
    }

    /** Java packages of the web component; every other package of the app is the api's, the shared ones both's. */
    private static final String WEB_PACKAGE = "dev/todoctl/app/web/";
    private static final Set<String> SHARED = Set.of("dev/todoctl/app/http/", "dev/todoctl/app/config/",
            "dev/todoctl/app/logging/");

    public boolean isEmpty() {
        return webAssets.isEmpty() && sources.isEmpty() && resources.isEmpty() && redeploy.isEmpty();
    }

    public static ChangePlan of(Layout layout, Collection<Path> changed, boolean overflowed) {
        Set<Path> web = new TreeSet<>();
        Set<Path> sources = new TreeSet<>();
        Set<Path> resources = new TreeSet<>();
        Set<String> components = new TreeSet<>();
        Set<String> redeploy = new LinkedHashSet<>();
        if (overflowed) {
            redeploy.add("too many changes at once to tell which (the watch queue overflowed)");
        }
        for (Path raw : changed) {
            Path path = raw.toAbsolutePath().normalize();
            String name = path.getFileName().toString();
            if (isEditorScratch(name)) {
                continue;
            }
            boolean exists = java.nio.file.Files.isRegularFile(path);
            if (path.equals(layout.config().toAbsolutePath().normalize())) {
                redeploy.add(name + " changed");
            } else if (path.startsWith(layout.webAssets())) {
                if (exists) {
                    web.add(path);
                } else if (!java.nio.file.Files.isDirectory(path)) {
                    web.add(path); // deleted: the web process stops serving it on its own; the bundle's copy, if any, shows
                }
            } else if (path.startsWith(layout.javaRoot())) {
                if (!name.endsWith(".java")) {
                    if (java.nio.file.Files.isDirectory(path)) {
                        continue;
                    }
                    redeploy.add(layout.sourceDir().relativize(path) + " is not a Java source");
                } else if (!exists) {
                    redeploy.add(layout.sourceDir().relativize(path) + " was deleted (its class is still in the jar)");
                } else {
                    sources.add(path);
                    components.addAll(componentsOf(layout.javaRoot().relativize(path).toString()));
                }
            } else if (path.startsWith(layout.resourcesRoot())) {
                if (java.nio.file.Files.isDirectory(path)) {
                    continue;
                }
                if (!exists) {
                    redeploy.add(layout.sourceDir().relativize(path) + " was deleted");
                } else {
                    resources.add(path);
                    components.add("api"); // migrations and the OpenAPI document are the api's
                }
            } else if (path.startsWith(layout.chart())) {
                redeploy.add("the chart changed (" + layout.sourceDir().relativize(path) + ")");
            } else if (name.equals("pom.xml")) {
                redeploy.add(layout.sourceDir().relativize(path) + " changed (dependencies or build)");
            }
        }
        return new ChangePlan(web, sources, resources, components, List.copyOf(redeploy));
    }

    static Set<String> componentsOf(String relativeSource) {
        String unix = relativeSource.replace('\\', '/');
        if (unix.startsWith(WEB_PACKAGE)) {
            return Set.of("web");
        }
        if (SHARED.stream().anyMatch(unix::startsWith) || !unix.contains("/app/")
                || unix.substring(unix.indexOf("/app/") + 5).indexOf('/') < 0) {
            return Set.of("api", "web"); // a shared package, or the app's root package (Main): both run it
        }
        return Set.of("api");
    }

    /** Swap files, backups and the probe files editors write while saving. */
    static boolean isEditorScratch(String name) {
        return name.endsWith(".swp") || name.endsWith(".swx") || name.endsWith("~") || name.startsWith(".#")
                || name.equals("4913") || name.endsWith(".tmp") || name.startsWith(".goutputstream");
    }
}
