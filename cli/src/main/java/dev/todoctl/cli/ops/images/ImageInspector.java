package dev.todoctl.cli.ops.images;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ImageHistory;
import dev.todoctl.cli.outcome.TodoctlException;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Reads {@link ImageFacts} from the engine: {@code GET /images/{name}/json} and {@code /images/{name}/history}. */
public final class ImageInspector {
    private final DockerClient docker;

    public ImageInspector(DockerClient docker) {
        this.docker = docker;
    }

    public ImageFacts inspect(String reference) {
        try {
            InspectImageResponse inspect = docker.inspectImageCmd(reference).exec();
            List<ImageHistory> history = docker.imageHistoryCmd(Objects.requireNonNull(inspect.getId())).exec();
            return ImageFacts.from(reference, inspect, history);
        } catch (NotFoundException e) {
            throw TodoctlException.usage("no image " + reference + " in the engine",
                    "list the images with `docker images`; build the stack's with `todoctl build`",
                    "images are analyzed where they are: pull or load it into this engine first");
        }
    }

    /**
     * The stack image todoctl built last for a repository: what {@code repository:latest} points to, named by its
     * most specific other tag (version or git sha), since todoctl tags every build with all three.
     */
    public String lastBuilt(String repository) {
        InspectImageResponse latest;
        try {
            latest = docker.inspectImageCmd(repository + ":latest").exec();
        } catch (NotFoundException e) {
            throw TodoctlException.usage("no image " + repository + ":latest in the engine (todoctl has not built it here)",
                    "build the images: `todoctl build`", "or name images to analyze: `todoctl images analyze IMAGE...`");
        }
        List<String> tags = latest.getRepoTags() == null ? List.of() : latest.getRepoTags();
        return tags.stream().filter(t -> t.startsWith(repository + ":") && !t.endsWith(":latest"))
                // a version (has a dot) names a build better than a sha
                .min(Comparator.comparing((String t) -> !t.substring(repository.length() + 1).contains("."))
                        .thenComparing(Comparator.naturalOrder()))
                .orElse(repository + ":latest");
    }
}
